import Dispatch

/// Gathers changed paths and hands them over as one batch once no change has arrived for a
/// while: a *trailing* debounce, so an editor saving three files, or a save that writes a
/// temporary file and renames it, causes one rebuild rather than several.
///
/// Not thread-safe by itself: call it only on `queue`, which is also where batches are
/// delivered.
final class ChangeDebouncer: @unchecked Sendable {
  private let delay: DispatchTimeInterval
  private let queue: DispatchQueue
  private let deliver: (Set<String>) -> Void
  private var pending: Set<String> = []
  private var scheduled: DispatchWorkItem?

  /// - Parameters:
  ///   - delay: how long the changes must pause before a batch goes out.
  ///   - queue: the serial queue every call comes from and batches are delivered on.
  ///   - deliver: receives each batch of paths.
  init(
    delay: DispatchTimeInterval, queue: DispatchQueue, deliver: @escaping (Set<String>) -> Void
  ) {
    self.delay = delay
    self.queue = queue
    self.deliver = deliver
  }

  /// Adds a changed path and restarts the wait.
  func add(_ path: String) {
    pending.insert(path)
    scheduled?.cancel()
    let flush = DispatchWorkItem { [weak self] in self?.flush() }
    scheduled = flush
    queue.asyncAfter(deadline: .now() + delay, execute: flush)
  }

  /// Drops pending changes without delivering them.
  func cancel() {
    scheduled?.cancel()
    scheduled = nil
    pending = []
  }

  private func flush() {
    scheduled = nil
    guard !pending.isEmpty else { return }
    let batch = pending
    pending = []
    deliver(batch)
  }
}

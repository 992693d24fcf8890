import Dispatch
import Foundation

extension Array where Element: Sendable {
  /// `map`, spread over every core. Results keep the input order, so output stays deterministic.
  func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
    guard count > 1 else { return map(transform) }
    let results = ResultSlots<Result>(count: count)
    let chunkCount = Swift.min(count, ProcessInfo.processInfo.activeProcessorCount * 4)
    let chunkSize = (count + chunkCount - 1) / chunkCount
    self.withUnsafeBufferPointer { elements in
      nonisolated(unsafe) let elements = elements
      DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
        let start = chunk * chunkSize
        let end = Swift.min(start + chunkSize, elements.count)
        guard start < end else { return }
        for index in start..<end {
          results.store(transform(elements[index]), at: index)
        }
      }
    }
    return results.values()
  }
}

/// Write-once slots filled from several threads; each index is written by exactly one chunk.
/// The storage is a raw buffer rather than an array so that concurrent writes to different
/// indices don't trip Swift's exclusivity checks on a shared property.
private final class ResultSlots<Value: Sendable>: @unchecked Sendable {
  private let slots: UnsafeMutableBufferPointer<Value?>

  init(count: Int) {
    slots = .allocate(capacity: count)
    slots.initialize(repeating: nil)
  }

  deinit {
    slots.deinitialize()
    slots.deallocate()
  }

  func store(_ value: Value, at index: Int) {
    slots[index] = value
  }

  func values() -> [Value] {
    slots.map { $0! }
  }
}

/// Work started on another thread, whose result `value` waits for: for two stages that don't
/// depend on each other, such as loading the data while the pages are parsed.
final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
  private let done = DispatchGroup()
  // Written once on the worker thread before `done` is left; read only after waiting on it.
  private var result: Value?

  init(_ work: @escaping @Sendable () -> Value) {
    done.enter()
    DispatchQueue.global().async {
      self.result = work()
      self.done.leave()
    }
  }

  var value: Value {
    done.wait()
    return result!
  }
}

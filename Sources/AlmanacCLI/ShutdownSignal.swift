import Dispatch
import Foundation

/// Handles Ctrl-C (SIGINT) and SIGTERM, so a long-running command can stop cleanly instead of
/// being killed mid-write.
enum ShutdownSignal {
  /// Runs `handler` on the first SIGINT or SIGTERM; from now on, those signals no longer end
  /// the process by themselves. A second one ends it at once, as users expect of a second
  /// Ctrl-C.
  static func onFirst(_ handler: @escaping @Sendable () -> Void) {
    let received = Received()
    // A queue of its own gets a thread even when every thread of the shared pool is busy.
    let queue = DispatchQueue(label: "almanac.shutdown-signal")
    var sources: [DispatchSourceSignal] = []
    for number in [SIGINT, SIGTERM] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
      source.setEventHandler {
        guard received.claim() else { exit(128 + number) }
        handler()
      }
      source.resume()
      sources.append(source)
    }
    // The sources stop delivering when released; they must live as long as the process.
    received.keep(sources)
  }

  /// Tells the first signal from later ones, and keeps the signal sources alive.
  private final class Received: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false
    private var sources: [DispatchSourceSignal] = []

    func claim() -> Bool {
      lock.withLock {
        defer { claimed = true }
        return !claimed
      }
    }

    func keep(_ sources: [DispatchSourceSignal]) {
      lock.withLock { self.sources = sources }
    }
  }
}

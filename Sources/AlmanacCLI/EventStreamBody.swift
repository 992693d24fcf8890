import FlyingFox
import FlyingSocks
import Foundation

/// Presents a stream of server-sent events as the byte sequence FlyingFox writes as a response
/// body. It has no length, so FlyingFox sends it with chunked transfer encoding, one chunk per
/// event, as soon as the event is produced.
struct EventStreamBody: AsyncBufferedSequence, Sendable {
  typealias Element = UInt8

  let events: AsyncStream<String>
  /// Runs once when the response ends: the client went away, or the server is stopping.
  let onEnd: @Sendable () -> Void

  func makeAsyncIterator() -> Iterator {
    Iterator(events: events.makeAsyncIterator(), ending: Ending(onEnd))
  }

  struct Iterator: AsyncBufferedIteratorProtocol {
    var events: AsyncStream<String>.Iterator
    let ending: Ending
    /// Bytes of the current event that did not fit in the last buffer asked for.
    var pending: ArraySlice<UInt8> = []

    init(events: AsyncStream<String>.Iterator, ending: Ending) {
      self.events = events
      self.ending = ending
    }

    mutating func next() async -> UInt8? {
      await nextBuffer(suggested: 1)?.first
    }

    mutating func nextBuffer(suggested count: Int) async -> ArraySlice<UInt8>? {
      if pending.isEmpty {
        guard let event = await events.next() else {
          ending.run()
          return nil
        }
        pending = ArraySlice(event.utf8)
      }
      let buffer = pending.prefix(Swift.max(count, 1))
      pending = pending.dropFirst(buffer.count)
      return buffer
    }
  }

  /// Calls the end handler exactly once: when the stream finishes, or when FlyingFox drops the
  /// iterator because writing to a closed connection failed.
  final class Ending: @unchecked Sendable {
    private let lock = NSLock()
    private var action: (@Sendable () -> Void)?

    init(_ action: @escaping @Sendable () -> Void) {
      self.action = action
    }

    func run() {
      let action = lock.withLock {
        defer { self.action = nil }
        return self.action
      }
      action?()
    }

    deinit {
      action?()
    }
  }
}

import Almanac
import Foundation

/// The state of the preview, as open pages learn it: which build the output folder holds, and
/// the errors of the last build if it failed. Every open page's event stream is registered
/// here, and each rebuild is broadcast to all of them.
///
/// Sending never waits for a client: each stream buffers a few events and drops the oldest, so
/// a slow or stalled browser can't hold up the rebuild loop.
actor LiveReloadHub {
  /// Identifies the output folder's content; it changes after every successful build. It
  /// starts with the server's start time, so pages from an earlier run of the server reload.
  private(set) var generation: String
  private let instance = String(UInt64(Date().timeIntervalSince1970 * 1000), radix: 36)
  private var buildCount = 0
  /// The overlay to show while the last build has errors.
  private var overlay: String?
  private var clients: [Int: AsyncStream<String>.Continuation] = [:]
  private var nextClient = 0

  init() {
    generation = instance + "-0"
  }

  /// How many event streams are open.
  var clientCount: Int { clients.count }

  /// Registers a new event stream. Its first events bring the page up to date: a reload if the
  /// page is from an older build, and the error overlay if the last build failed.
  func subscribe() -> (id: Int, events: AsyncStream<String>) {
    let (events, continuation) = AsyncStream.makeStream(
      of: String.self, bufferingPolicy: .bufferingNewest(8))
    nextClient += 1
    clients[nextClient] = continuation
    continuation.yield(ServerSentEvent.retry(milliseconds: 1000))
    continuation.yield(
      ServerSentEvent(name: LiveReload.reloadEvent, data: generation).encoded)
    if let overlay {
      continuation.yield(ServerSentEvent(name: LiveReload.buildErrorEvent, data: overlay).encoded)
    }
    return (nextClient, events)
  }

  /// Forgets a stream whose client has gone.
  func unsubscribe(_ id: Int) {
    clients.removeValue(forKey: id)?.finish()
  }

  /// Tells every page about a rebuild: reload after a success, show the errors after a failure.
  func publish(_ outcome: SiteSession.Outcome) {
    if outcome.succeeded {
      buildCount += 1
      generation = "\(instance)-\(buildCount)"
      overlay = nil
      broadcast(ServerSentEvent(name: LiveReload.reloadEvent, data: generation).encoded)
    } else {
      let html = BuildErrorOverlay.html(for: outcome.diagnostics)
      overlay = html
      broadcast(ServerSentEvent(name: LiveReload.buildErrorEvent, data: html).encoded)
    }
  }

  /// Writes a comment to every stream, so connections whose browser has gone fail and close.
  func ping() {
    broadcast(ServerSentEvent.keepAlive)
  }

  /// Ends every stream, when the server shuts down.
  func finishAll() {
    for continuation in clients.values {
      continuation.finish()
    }
    clients = [:]
  }

  private func broadcast(_ text: String) {
    for (id, continuation) in clients {
      if case .terminated = continuation.yield(text) {
        clients[id] = nil
      }
    }
  }
}

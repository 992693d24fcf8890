import Foundation

/// One message on a `text/event-stream` response, the format `EventSource` reads in a browser.
public struct ServerSentEvent: Sendable, Equatable {
  /// The event's type; the page listens with `addEventListener(name, …)`.
  public var name: String
  /// The payload. Line breaks are allowed: each line goes out as its own `data:` field and the
  /// browser joins them again with `\n`.
  public var data: String

  public init(name: String, data: String) {
    self.name = name
    self.data = data
  }

  /// The event as it goes on the wire, ending with the blank line that dispatches it.
  public var encoded: String {
    // A name with a line break would end the field early and inject another one.
    let safeName = name.filter { $0 != "\n" && $0 != "\r" }
    var text = "event: \(safeName)\n"
    let lines = data.replacingOccurrences(of: "\r\n", with: "\n").split(
      omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" })
    for line in lines {
      text += "data: \(line)\n"
    }
    return text + "\n"
  }

  /// A comment line: browsers ignore it, but writing it tells the server whether the client is
  /// still there, since a closed connection is only noticed when a write fails.
  public static let keepAlive = ": ping\n\n"

  /// Sent first on every stream: how long the browser waits before reconnecting, in
  /// milliseconds, after the server goes away (a restart, or the laptop waking up).
  public static func retry(milliseconds: Int) -> String {
    "retry: \(milliseconds)\n\n"
  }
}

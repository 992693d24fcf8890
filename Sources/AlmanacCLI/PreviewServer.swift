import Almanac
import FlyingFox
import FlyingSocks
import Foundation

/// The preview server's connections: accepts them, reads each request's head with
/// `RequestHead` (whose limits FlyingFox's own `HTTPServer` lacks), lets `PreviewHandler`
/// answer it, and writes the response.
///
/// Every connection runs in its own task on FlyingSocks' event loop, so a slow or idle client
/// only holds its own task; and the site is rebuilt on another thread entirely.
struct PreviewServer: Sendable {
  let handler: PreviewHandler

  /// Listens on `address`, calls `listening` with the bound address (which tells the port when
  /// 0 was asked for), then serves until the task is cancelled.
  func run(
    on address: some SocketAddress, listening: @escaping @Sendable (Socket.Address?) -> Void
  ) async throws {
    let pool = HTTPServer.defaultPool()
    try await pool.prepare()
    let socket = try Socket(domain: Int32(type(of: address).family))
    defer { try? socket.close() }
    try socket.setValue(true, for: .localAddressReuse)
    try socket.bind(to: address)
    try socket.listen()
    let listener = try AsyncSocket(socket: socket, pool: pool)
    listening(try? socket.sockname())
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await pool.run() }
      group.addTask { await acceptConnections(on: listener) }
      try await group.next()
      group.cancelAll()
    }
  }

  private func acceptConnections(on listener: AsyncSocket) async {
    await withDiscardingTaskGroup { group in
      do {
        for try await client in listener.sockets {
          group.addTask { await serve(client) }
        }
      } catch {
        // The listening socket was closed, or the server is stopping.
      }
    }
  }

  // MARK: One connection

  /// Answers requests on one connection until the client closes it, asks to close it, sends
  /// something unacceptable, or the server stops.
  private func serve(_ client: AsyncSocket) async {
    defer { try? client.close() }
    let activity = Activity()
    await withTaskGroup(of: Void.self) { group in
      group.addTask { await converse(with: client, activity: activity) }
      group.addTask {
        // A client that neither sends nor reads for a minute (idle, stalled, or gone without
        // closing) loses its connection, so abandoned connections can't pile up. Event
        // streams stay active through their keep-alive comments.
        while !Task.isCancelled && activity.idleSeconds < Self.idleTimeout {
          try? await Task.sleep(for: .seconds(5))
        }
      }
      await group.next()
      group.cancelAll()
    }
  }

  /// Seconds a connection may go without reading or writing anything.
  static let idleTimeout: TimeInterval = 60

  private func converse(with client: AsyncSocket, activity: Activity) async {
    var buffer: [UInt8] = []
    while !Task.isCancelled {
      let head: RequestHead
      do {
        guard let parsed = try await readHead(from: client, into: &buffer, activity: activity)
        else { return }
        head = parsed
      } catch let problem as RequestHead.Problem {
        try? await write(Self.response(for: problem), to: client, keepAlive: false, head: nil)
        await discardInput(from: client)
        return
      } catch {
        return
      }
      // Request bodies are never needed by a preview; rather than read one, answer and close.
      let keepAlive = head.keepsAlive && !head.hasBody
      let response = await answer(head)
      do {
        try await write(response, to: client, keepAlive: keepAlive, head: head, activity: activity)
      } catch {
        return
      }
      guard keepAlive else { return }
    }
  }

  /// Reads until `buffer` starts with a whole request head, and removes the head from it.
  /// Nil when the client closed the connection cleanly between requests.
  private func readHead(
    from client: AsyncSocket, into buffer: inout [UInt8], activity: Activity
  ) async throws -> RequestHead? {
    while true {
      if let (head, length) = try RequestHead.parse(buffer) {
        buffer.removeFirst(length)
        return head
      }
      let bytes: [UInt8]
      do {
        bytes = try await client.read(atMost: 4096)
      } catch SocketError.disconnected where buffer.isEmpty {
        return nil
      }
      buffer += bytes
      activity.touch()
    }
  }

  /// Reads and drops what the client is still sending, for a moment, before the connection is
  /// closed: closing with unread data makes the kernel reset the connection, and the client
  /// could lose the error response before reading it.
  private func discardInput(from client: AsyncSocket) async {
    await withTaskGroup(of: Void.self) { group in
      group.addTask {
        var discarded = 0
        while discarded < 1024 * 1024, let bytes = try? await client.read(atMost: 4096) {
          discarded += bytes.count
        }
      }
      group.addTask { try? await Task.sleep(for: .seconds(1)) }
      await group.next()
      group.cancelAll()
    }
  }

  private func answer(_ head: RequestHead) async -> HTTPResponse {
    var headers = HTTPHeaders()
    for header in head.headers {
      headers.addValue(header.value, for: HTTPHeader(header.name))
    }
    let parts = head.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    let request = HTTPRequest(
      method: HTTPMethod(head.method), version: HTTPVersion(head.version),
      target: HTTPRequest.Target(
        path: String(parts[0]), query: parts.count > 1 ? String(parts[1]) : ""),
      headers: headers, body: HTTPBodySequence())
    do {
      return try await handler.handleRequest(request)
    } catch {
      return HTTPResponse(statusCode: .internalServerError)
    }
  }

  /// Writes the status line, headers and body. A body without a known length was already
  /// chunk-encoded by `HTTPBodySequence(from:)`, and is announced as such.
  private func write(
    _ response: HTTPResponse, to client: AsyncSocket, keepAlive: Bool, head: RequestHead?,
    activity: Activity? = nil
  ) async throws {
    guard case .httpBody(let body) = response.payload else { return }
    var headers = response.headers
    if headers[.contentLength] == nil {
      if let count = body.count {
        headers[.contentLength] = String(count)
      } else {
        headers[.transferEncoding] = "chunked"
      }
    }
    headers[.connection] = keepAlive && headers[.connection] != "close" ? "keep-alive" : "close"
    var text = "HTTP/1.1 \(response.statusCode.code) \(response.statusCode.phrase)\r\n"
    for (name, value) in headers.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      text += "\(name.rawValue): \(value)\r\n"
    }
    try await client.write(Data((text + "\r\n").utf8))
    guard head?.method != "HEAD" else { return }
    for try await chunk in body {
      try await client.write(chunk)
      activity?.touch()
    }
  }

  private static func response(for problem: RequestHead.Problem) -> HTTPResponse {
    let (status, text): (HTTPStatusCode, String) =
      switch problem {
      case .lineTooLong: (.uriTooLong, "The requested address is too long.\n")
      case .headersTooLarge:
        (.requestHeaderFieldsTooLarge, "The request's headers are too large.\n")
      case .unsupportedVersion: (.httpVersionNotSupported, "Only HTTP/1.0 and 1.1 are supported.\n")
      case .malformed: (.badRequest, "The request is malformed.\n")
      }
    return HTTPResponse(
      statusCode: status, headers: [.contentType: "text/plain; charset=utf-8"],
      body: Data(text.utf8))
  }
}

/// When a connection last made progress, reading or writing.
private final class Activity: @unchecked Sendable {
  private let lock = NSLock()
  private var last = Date()

  func touch() {
    lock.withLock { last = Date() }
  }

  var idleSeconds: TimeInterval {
    lock.withLock { Date().timeIntervalSince(last) }
  }
}

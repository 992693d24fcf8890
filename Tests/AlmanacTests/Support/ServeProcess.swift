import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A running `almanac serve`, started on a free port, for end-to-end tests of the preview
/// server. Call `stop()` when done.
final class ServeProcess: @unchecked Sendable {
  let process = Process()
  /// The port the server listens on, read from its "Serving … at" line.
  private(set) var port: UInt16 = 0
  private let errors = Pipe()
  private let lock = NSLock()
  private var collected = Data()

  /// Starts `almanac serve --source <site> --port 0` plus `arguments`, and waits until it
  /// listens.
  init(site: TemporarySite, arguments: [String] = []) throws {
    process.executableURL = try CLIRunner.executable()
    process.arguments = ["serve", "--source", site.path, "--port", "0"] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
      let data = handle.availableData
      guard let self, !data.isEmpty else { return }
      self.lock.withLock { self.collected.append(data) }
    }
    try process.run()
    guard let line = waitForLine(containing: "Serving ", timeout: 120),
      let range = line.range(of: #"http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression),
      let port = UInt16(line[range].dropFirst("http://127.0.0.1:".count).dropLast())
    else {
      process.terminate()
      process.waitUntilExit()
      throw CLIRunner.Failure(description: "almanac serve did not start:\n\(stderr)")
    }
    self.port = port
  }

  /// Everything the server printed to standard error so far.
  var stderr: String {
    lock.withLock { String(decoding: collected, as: UTF8.self) }
  }

  /// Waits until a line of standard error contains `text`, returning the line; nil after
  /// `timeout` seconds. A generous timeout only guards against a hung server.
  @discardableResult
  func waitForLine(containing text: String, after skipped: Int = 0, timeout: TimeInterval = 60)
    -> String?
  {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      let lines = stderr.split(separator: "\n").dropFirst(skipped)
      if let line = lines.first(where: { $0.contains(text) }) { return String(line) }
      if !process.isRunning && !stderr.split(separator: "\n").contains(where: { $0.contains(text) })
      {
        return nil
      }
      Thread.sleep(forTimeInterval: 0.02)
    }
    return nil
  }

  /// How many lines of standard error there are now, to wait only for lines printed later.
  var stderrLineCount: Int { stderr.split(separator: "\n").count }

  /// Sends `signal` (SIGTERM by default) and waits for the process to end; returns its exit
  /// status, or nil when it did not end within 30 seconds (it is then killed).
  @discardableResult
  func stop(with signal: Int32 = SIGTERM) -> Int32? {
    guard process.isRunning else { return process.terminationStatus }
    kill(process.processIdentifier, signal)
    let deadline = Date().addingTimeInterval(30)
    while process.isRunning && Date() < deadline {
      Thread.sleep(forTimeInterval: 0.02)
    }
    guard !process.isRunning else {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      return nil
    }
    errors.fileHandleForReading.readabilityHandler = nil
    return process.terminationStatus
  }

  deinit {
    if process.isRunning { stop() }
  }
}

/// A minimal HTTP/1.1 client over a plain socket, so tests can send exactly the bytes they
/// mean, including paths that URLSession would clean up first.
enum RawHTTP {
  struct Response: CustomStringConvertible {
    var status: Int
    /// Header names in lower case.
    var headers: [String: String]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
    var description: String { "HTTP \(status) \(headers)\n\(text.prefix(500))" }
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// Opens a connection to 127.0.0.1:`port`; reads time out after `timeout` seconds.
  static func connect(port: UInt16, timeout: TimeInterval = 30) throws -> Int32 {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw Failure(description: "socket() failed") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else {
      close(socket)
      throw Failure(description: "cannot connect to port \(port): errno \(errno)")
    }
    var limit = timeval(tv_sec: Int(timeout), tv_usec: 0)
    setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    return socket
  }

  static func send(_ bytes: Data, on socket: Int32) throws {
    var sent = 0
    while sent < bytes.count {
      let count = bytes.withUnsafeBytes {
        Glibc.send(socket, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
      }
      guard count > 0 else { throw Failure(description: "send failed: errno \(errno)") }
      sent += count
    }
  }

  /// Reads what is available, waiting up to the socket's timeout; empty at the end.
  static func receive(on socket: Int32) -> Data {
    var buffer = [UInt8](repeating: 0, count: 65536)
    let count = recv(socket, &buffer, buffer.count, 0)
    return count > 0 ? Data(buffer[0..<count]) : Data()
  }

  /// Sends `raw` as it is and reads the response until the server closes the connection.
  static func exchange(port: UInt16, raw: Data) throws -> Response {
    let socket = try connect(port: port)
    defer { close(socket) }
    try send(raw, on: socket)
    var received = Data()
    while true {
      let chunk = receive(on: socket)
      if chunk.isEmpty { break }
      received.append(chunk)
    }
    return try parse(received)
  }

  /// A request for `target`, sent exactly as written, asking the server to close afterwards.
  static func request(
    port: UInt16, _ target: String, method: String = "GET", headers: [String: String] = [:]
  ) throws -> Response {
    var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    for (name, value) in headers { text += "\(name): \(value)\r\n" }
    return try exchange(port: port, raw: Data((text + "\r\n").utf8))
  }

  static func parse(_ data: Data) throws -> Response {
    guard let end = data.firstRange(of: Data("\r\n\r\n".utf8)) else {
      throw Failure(description: "no complete response: \(String(decoding: data, as: UTF8.self))")
    }
    let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(
      separatedBy: "\r\n")
    let statusParts = head[0].split(separator: " ")
    guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
      throw Failure(description: "bad status line \(head[0])")
    }
    var headers: [String: String] = [:]
    for line in head.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
        .trimmingCharacters(in: .whitespaces)
    }
    return Response(status: status, headers: headers, body: Data(data[end.upperBound...]))
  }
}

/// A live reload event stream, read from a raw socket.
final class EventStreamClient {
  struct Event: Equatable {
    var name: String
    var data: String
  }

  private let socket: Int32
  private var buffer = ""

  init(port: UInt16) throws {
    socket = try RawHTTP.connect(port: port, timeout: 1)
    try RawHTTP.send(
      Data("GET /__almanac/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8), on: socket)
  }

  deinit {
    close(socket)
  }

  /// The next event, or nil when none arrives within `timeout` seconds.
  func next(timeout: TimeInterval = 60) -> Event? {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      if let event = takeEvent() { return event }
      guard Date() < deadline else { return nil }
      // Carriage returns (from the chunked encoding's framing) are dropped: Swift counts
      // "\r\n" as one Character, which would hide the line breaks the parser splits on.
      let text = String(decoding: RawHTTP.receive(on: socket), as: UTF8.self)
      buffer += String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\r" }))
    }
  }

  /// The next event called `name`, skipping others.
  func next(named name: String, timeout: TimeInterval = 60) -> Event? {
    let deadline = Date().addingTimeInterval(timeout)
    while let event = next(timeout: deadline.timeIntervalSinceNow) {
      if event.name == name { return event }
    }
    return nil
  }

  /// Removes the first whole event from the buffer. The chunk-size lines of the chunked
  /// encoding are hex digits alone on a line, so they never look like `event:` or `data:`.
  private func takeEvent() -> Event? {
    while let end = buffer.range(of: "\n\n") {
      let block = buffer[..<end.lowerBound]
      buffer.removeSubrange(..<end.upperBound)
      var name = ""
      var data: [String] = []
      for line in block.split(separator: "\n") {
        if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
        if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
      }
      if !name.isEmpty { return Event(name: name, data: data.joined(separator: "\n")) }
    }
    return nil
  }
}

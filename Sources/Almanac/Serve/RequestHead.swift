import Foundation

/// The request line and headers of an HTTP/1.x request, read with hard limits.
///
/// The preview server reads requests with this parser rather than FlyingFox's, which has no
/// limit on the length of a line and takes quadratic time on long ones: a single request with a
/// long address could keep every thread busy for minutes. Here the bytes a client may send
/// before its request is rejected are bounded, and each is looked at a bounded number of times.
public struct RequestHead: Sendable, Equatable {
  public struct Header: Sendable, Equatable {
    public var name: String
    public var value: String
  }

  /// Why a request can't be answered normally; each maps to a status code.
  public enum Problem: Error, Equatable {
    /// The request line is longer than `maximumLineLength`: 414 URI Too Long.
    case lineTooLong
    /// The headers hold more than `maximumHeaderLength` bytes or `maximumHeaderCount`
    /// lines: 431 Request Header Fields Too Large.
    case headersTooLarge
    /// Not HTTP/1.0 or 1.1: 505 HTTP Version Not Supported.
    case unsupportedVersion
    /// Anything else that isn't a well-formed request: 400 Bad Request.
    case malformed
  }

  /// Longest request line accepted, in bytes, line break included.
  public static let maximumLineLength = 8 * 1024
  /// Most bytes of header lines accepted, line breaks and the closing blank line included.
  public static let maximumHeaderLength = 32 * 1024
  /// Most header lines accepted.
  public static let maximumHeaderCount = 100

  /// The method as sent (`GET`).
  public var method: String
  /// The request target as sent, still percent-encoded (`/a%20b/?q=1`).
  public var target: String
  /// `HTTP/1.0` or `HTTP/1.1`.
  public var version: String
  public var headers: [Header]

  /// The value of the first header called `name`, compared ignoring case.
  public func value(of name: String) -> String? {
    headers.first { $0.name.lowercased() == name.lowercased() }?.value
  }

  /// Whether the client wants the connection kept open for another request: the default in
  /// HTTP/1.1 unless it says `Connection: close`, and only on request in HTTP/1.0.
  public var keepsAlive: Bool {
    let tokens = (value(of: "Connection") ?? "").lowercased().split(separator: ",").map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    return version == "HTTP/1.1" ? !tokens.contains("close") : tokens.contains("keep-alive")
  }

  /// Whether a body follows the head.
  public var hasBody: Bool {
    value(of: "Transfer-Encoding") != nil
      || (value(of: "Content-Length").flatMap(Int.init) ?? 0) != 0
  }

  /// Parses the head at the start of `bytes`.
  ///
  /// - Returns: the head and how many bytes it took, or nil when `bytes` holds only the start
  ///   of a head, within the limits, and more must be read.
  /// - Throws: a `Problem` as soon as the bytes can't become an acceptable head.
  public static func parse(_ bytes: [UInt8]) throws(Problem) -> (head: RequestHead, length: Int)? {
    let newline = UInt8(ascii: "\n")
    // Clients may send blank lines between requests; skip them (they count toward the limit).
    var start = 0
    while start < bytes.count, bytes[start] == newline || bytes[start] == UInt8(ascii: "\r") {
      start += 1
    }
    guard start <= maximumLineLength else { throw .malformed }
    guard let lineEnd = bytes[start...].firstIndex(of: newline) else {
      if bytes.count - start > maximumLineLength { throw .lineTooLong }
      return nil
    }
    guard lineEnd + 1 - start <= maximumLineLength else { throw .lineTooLong }
    var head = try requestLine(text(bytes[start..<lineEnd]))

    var lineStart = lineEnd + 1
    let headerStart = lineStart
    while true {
      guard let end = bytes[lineStart...].firstIndex(of: newline) else {
        if bytes.count - headerStart > maximumHeaderLength { throw .headersTooLarge }
        return nil
      }
      guard end + 1 - headerStart <= maximumHeaderLength else { throw .headersTooLarge }
      let line = text(bytes[lineStart..<end])
      lineStart = end + 1
      if line.isEmpty { return (head, lineStart) }
      guard head.headers.count < maximumHeaderCount else { throw .headersTooLarge }
      head.headers.append(try header(line))
    }
  }

  /// A line without its line break (CRLF or a bare LF, which RFC 9112 allows servers to accept).
  private static func text(_ bytes: ArraySlice<UInt8>) -> String {
    let withoutReturn = bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes
    return String(decoding: withoutReturn, as: UTF8.self)
  }

  private static func requestLine(_ line: String) throws(Problem) -> RequestHead {
    let parts = line.split(separator: " ", omittingEmptySubsequences: false)
    guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty,
      parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }),
      parts[1].unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
    else { throw .malformed }
    let version = String(parts[2])
    guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
      throw version.hasPrefix("HTTP/") ? .unsupportedVersion : .malformed
    }
    return RequestHead(
      method: String(parts[0]), target: String(parts[1]), version: version, headers: [])
  }

  private static func header(_ line: String) throws(Problem) -> Header {
    // A line starting with white space continues the previous one (obsolete line folding),
    // which RFC 9112 says to reject; so is a name with spaces or without a colon.
    guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
      !line[..<colon].contains(where: { $0.isWhitespace || !$0.isASCII })
    else { throw .malformed }
    let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    return Header(name: String(line[..<colon]), value: value)
  }
}

import Foundation

/// Maps the path of an HTTP request to a file in the output folder, and refuses everything that
/// could reach outside that folder or into its hidden files.
///
/// The preview server is the only code that reads the output folder on someone else's behalf
/// (a browser, or with `--host` anyone on the network), so requests are treated as hostile:
///
/// - the path is taken as the client sent it, still percent-encoded, and decoded one segment at
///   a time, so an encoded slash (`%2F`) or dot segment (`%2e%2e`) can't be smuggled past the
///   checks; such paths, backslashes, control characters and NUL are a bad request;
/// - segments starting with a dot (`.almanac/manifest.json`, `.gitignore`) are not found;
/// - symbolic links are resolved, and a file whose real path is outside the output folder, or
///   inside one of its dot-folders, is not found either.
public struct OutputPathResolver: Sendable {
  /// What a request path leads to.
  public enum Resolution: Sendable, Equatable {
    /// A regular file inside the output folder, by its real path (symbolic links resolved).
    case file(URL)
    /// A folder asked for without its trailing slash: redirect to this path, so that relative
    /// links inside its `index.html` resolve against the folder.
    case redirect(to: String)
    case notFound
    /// A path no browser sends for a real page: traversal, encoded slashes, control characters.
    case badRequest
  }

  /// The output folder being served.
  public let folder: URL

  public init(folder: URL) {
    self.folder = folder.standardizedFileURL
  }

  /// Resolves `path`, the path part of a request target exactly as received: percent-encoded,
  /// starting with `/`, without the query string.
  public func resolve(_ path: String) -> Resolution {
    guard let request = RequestPath(path) else { return .badRequest }
    guard !request.segments.contains(where: { $0.hasPrefix(".") }) else { return .notFound }
    guard let root = Self.realPath(of: folder.path) else { return .notFound }

    let candidate = ([root] + request.segments).joined(separator: "/")
    switch existingItem(at: candidate, inside: root) {
    case .none, .other:
      return .notFound
    case .file(let realPath):
      return request.isFolder ? .notFound : .file(URL(fileURLWithPath: realPath))
    case .folder:
      guard request.isFolder else { return .redirect(to: path + "/") }
      if case .file(let index) = existingItem(at: candidate + "/index.html", inside: root) {
        return .file(URL(fileURLWithPath: index))
      }
      return .notFound
    }
  }

  private enum Item {
    case file(String)
    case folder
    case other
  }

  /// What is at `path` once symbolic links are resolved, or nil when nothing is, or when the
  /// real path leaves `root` or passes through a dot-folder inside it.
  private func existingItem(at path: String, inside root: String) -> Item? {
    guard let real = Self.realPath(of: path) else { return nil }
    guard real == root || real.hasPrefix(root + "/") else { return nil }
    let inside = real.dropFirst(root.count).split(separator: "/")
    guard !inside.contains(where: { $0.hasPrefix(".") }) else { return nil }
    var status = stat()
    guard stat(real, &status) == 0 else { return nil }
    switch status.st_mode & S_IFMT {
    case S_IFREG: return .file(real)
    case S_IFDIR: return .folder
    default: return .other
    }
  }

  /// The canonical absolute path of an existing item: every symbolic link, `.` and `..`
  /// resolved by the kernel, so it can be compared with the output folder's own.
  private static func realPath(of path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}

/// A request path split into decoded segments, or nil when it is malformed or tries to climb.
private struct RequestPath {
  /// The decoded segments, without empty ones: `/a/b/` gives `["a", "b"]`.
  var segments: [String] = []
  /// Whether the path ends with `/`, asking for a folder's `index.html`.
  var isFolder = false

  init?(_ path: String) {
    // Only origin-form targets (`/a/b`); no control characters or backslashes anywhere, which
    // some file systems and browsers treat as separators.
    guard path.hasPrefix("/"),
      !path.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\\") })
    else { return nil }
    var rawSegments = path.utf8.split(
      separator: UInt8(ascii: "/"), omittingEmptySubsequences: false
    ).dropFirst()
    if rawSegments.last?.isEmpty == true {
      isFolder = true
      rawSegments.removeLast()
    }
    for raw in rawSegments {
      // An empty segment (`//`) would let a redirect's Location start with `//`, which a
      // browser reads as another host.
      guard !raw.isEmpty, let segment = Self.percentDecoded(raw) else { return nil }
      guard segment != ".", segment != "..",
        !segment.unicodeScalars.contains(where: {
          $0 == "/" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F
        })
      else { return nil }
      segments.append(segment)
    }
  }

  /// Strict percent-decoding: a `%` must start two hex digits, and the result must be UTF-8.
  private static func percentDecoded(_ raw: Substring.UTF8View) -> String? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(raw.count)
    var index = raw.startIndex
    while index < raw.endIndex {
      let byte = raw[index]
      if byte == UInt8(ascii: "%") {
        let high = raw.index(after: index)
        guard high < raw.endIndex else { return nil }
        let low = raw.index(after: high)
        guard low < raw.endIndex, let first = hexValue(raw[high]), let second = hexValue(raw[low])
        else { return nil }
        bytes.append(first << 4 | second)
        index = raw.index(after: low)
      } else {
        bytes.append(byte)
        index = raw.index(after: index)
      }
    }
    return String(validating: bytes, as: UTF8.self)
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}

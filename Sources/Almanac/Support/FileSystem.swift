import Foundation

/// The few file-system calls that run once per output file, made directly: Foundation's
/// versions add several system calls and conversions each, which a 10,000-page build pays
/// 10,000 times.
enum FileSystem {
  /// The size of the regular file at `path`, or nil when there is none.
  static func fileSize(_ path: String) -> Int? {
    var status = stat()
    guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
    return Int(status.st_size)
  }

  /// Writes `data` to a new or truncated file, in as few `write` calls as the system allows.
  static func write(_ data: Data, to path: String) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    defer { close(descriptor) }
    try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
      var offset = 0
      while offset < buffer.count {
        let written = Foundation.write(
          descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        offset += written
      }
    }
  }

  /// Creates a folder and any missing parents; `known` remembers folders that exist, so each is
  /// made or checked once per build.
  static func makeFolder(_ path: String, known: inout Set<String>) throws {
    guard !path.isEmpty, !known.contains(path) else { return }
    if mkdir(path, 0o755) != 0 {
      switch errno {
      case EEXIST:
        break
      case ENOENT:
        let parent = (path as NSString).deletingLastPathComponent
        guard parent != path else { throw POSIXError(.ENOENT) }
        try makeFolder(parent, known: &known)
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
          throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
      default:
        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
      }
    }
    known.insert(path)
  }
}

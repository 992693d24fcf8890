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

  /// What a folder entry is, as `readdir` reports it, without following symbolic links.
  enum EntryKind {
    case file, folder, link, other
  }

  /// The entries of a folder, with their kinds, in no particular order; nil when the folder
  /// can't be read. `readdir` reports each entry's kind for free, where FileManager costs
  /// several system calls per file.
  static func entries(of path: String) -> [(name: String, kind: EntryKind)]? {
    guard let directory = opendir(path) else { return nil }
    defer { closedir(directory) }
    var entries: [(String, EntryKind)] = []
    // The name is read where it lies: a record is only as long as its name, so copying the
    // whole 256-byte `d_name` field could read past the end of readdir's buffer.
    let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
    while let entry = readdir(directory) {
      let name = String(
        cString: (UnsafeRawPointer(entry) + nameOffset).assumingMemoryBound(to: CChar.self))
      guard name != "." && name != ".." else { continue }
      var type = Int32(entry.pointee.d_type)
      if type == Int32(DT_UNKNOWN) {
        var status = stat()
        guard lstat(path + "/" + name, &status) == 0 else { continue }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: type = Int32(DT_DIR)
        case S_IFREG: type = Int32(DT_REG)
        case S_IFLNK: type = Int32(DT_LNK)
        default: break
        }
      }
      switch type {
      case Int32(DT_DIR): entries.append((name, .folder))
      case Int32(DT_REG): entries.append((name, .file))
      case Int32(DT_LNK): entries.append((name, .link))
      default: entries.append((name, .other))
      }
    }
    return entries
  }

  /// Whether `path`, following symbolic links, is a folder.
  static func isFolder(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
  }

  /// Whether `path` itself, not following a symbolic link, is a regular file.
  static func isRegularFile(_ path: String) -> Bool {
    var status = stat()
    return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
  }

  /// The contents of the file at `path`, or nil when it can't be read.
  static func contents(of path: String) -> Data? {
    // Non-blocking, so that a named pipe is refused instead of waited on.
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
      return nil
    }
    // Read into memory that isn't zeroed first: the read fills it, and zeroing a big site's
    // sources cost a tenth of a no-change build.
    let size = Int(status.st_size)
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: 16)
    var filled = 0
    while filled < size {
      let count = read(descriptor, buffer + filled, size - filled)
      if count < 0 && errno == EINTR { continue }
      guard count >= 0 else {
        buffer.deallocate()
        return nil
      }
      guard count > 0 else { break }
      filled += count
    }
    // A file that shrank while it was read holds what was there.
    return Data(
      bytesNoCopy: buffer, count: filled,
      deallocator: .custom { bytes, _ in
        bytes.deallocate()
      })
  }
}

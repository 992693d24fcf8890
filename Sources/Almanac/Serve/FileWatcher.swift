import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Watches a site's source folders with Linux's inotify and reports what changed, in batches.
///
/// inotify watches one folder at a time, not a tree, so the watcher adds a watch for every
/// folder below the watched ones, and for folders created or moved in later (rescanning them,
/// since files can land in a new folder before its watch exists). It also watches the site's
/// root, so a `Templates/` folder created while the server runs is picked up. When the kernel's
/// event queue overflows, it rescans everything and reports a change, so nothing is missed.
///
/// Hidden files and editors' temporary files (`.x.swp`, `x~`, `4913`, Foundation's
/// `.dat.nosync…`) are ignored: a save that writes a temporary file and renames it over the
/// real one is reported once, as the real file.
///
/// This is the only file that uses inotify. `stop()`, or releasing the watcher, closes its file
/// descriptor and frees its buffer.
public final class FileWatcher: @unchecked Sendable {
  /// Changes that arrived close together.
  public struct Batch: Sendable, Equatable {
    /// The changed files and folders, relative to the root (`Content/index.md`), sorted.
    public var paths: [String]
    /// Problems met while watching, such as running out of inotify watches.
    public var problems: [Diagnostic]
  }

  /// Thrown when the folders can't be watched at all.
  public struct Failure: Error {
    public var diagnostic: Diagnostic
  }

  /// Every batch of changes, in order; it finishes when the watcher stops.
  public let batches: AsyncStream<Batch>
  /// Problems found while setting up the watches (the watcher still runs).
  public private(set) var setupProblems: [Diagnostic] = []

  private let root: String
  private let folders: Set<String>
  private let queue = DispatchQueue(label: "almanac.file-watcher")
  private let continuation: AsyncStream<Batch>.Continuation
  private let descriptor: Int32
  private let source: DispatchSourceRead
  // The fields below change only on `queue` (or in `init`, before the source starts).
  private var watches: [Int32: String] = [:]
  private var problems: [Diagnostic] = []
  private var reportedWatchLimit = false
  private var debouncer: ChangeDebouncer!

  /// Starts watching.
  ///
  /// - Parameters:
  ///   - root: the site's root folder.
  ///   - folders: the names of the folders under `root` to watch, with everything below them,
  ///     such as `["Content", "Templates"]`. They need not exist yet.
  ///   - debounce: how long changes must pause, in seconds, before a batch is reported.
  public init(root: URL, folders: [String], debounce: TimeInterval = 0.1) throws(Failure) {
    let rootPath = root.standardizedFileURL.path
    let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
    guard descriptor >= 0 else {
      throw Failure(
        diagnostic: .cannotWatchFolders(rootPath, reason: String(cString: strerror(errno))))
    }
    let rootWatch = inotify_add_watch(descriptor, rootPath, Self.rootMask)
    guard rootWatch >= 0 else {
      let reason = String(cString: strerror(errno))
      close(descriptor)
      throw Failure(diagnostic: .cannotWatchFolders(rootPath, reason: reason))
    }
    self.root = rootPath
    self.folders = Set(folders)
    self.descriptor = descriptor
    (batches, continuation) = AsyncStream.makeStream(of: Batch.self)
    source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
    // The root is known by the empty path, so its events name the watched folders themselves.
    watches[rootWatch] = ""
    debouncer = ChangeDebouncer(
      delay: .nanoseconds(Int(debounce * 1_000_000_000)), queue: queue
    ) { [weak self] paths in
      self?.deliver(paths)
    }
    for folder in folders.sorted() {
      addWatches(below: folder + "/")
    }
    setupProblems = problems
    problems = []

    let buffer = UnsafeMutableRawPointer.allocate(
      byteCount: Self.bufferSize, alignment: MemoryLayout<inotify_event>.alignment)
    source.setEventHandler { [weak self] in
      self?.readEvents(into: buffer)
    }
    // The cancel handler runs once the event handler can no longer run, so closing and
    // freeing here can't pull anything out from under a read.
    source.setCancelHandler {
      close(descriptor)
      buffer.deallocate()
    }
    source.resume()
  }

  /// Stops watching: no more batches are reported and the inotify descriptor is closed.
  /// Calling it again does nothing.
  public func stop() {
    guard !source.isCancelled else { return }
    source.cancel()
    continuation.finish()
    queue.async { [debouncer] in debouncer?.cancel() }
  }

  deinit {
    stop()
  }

  // MARK: Events

  private static let bufferSize = 64 * 1024
  private static let headerSize = MemoryLayout<inotify_event>.size

  private static let folderMask = UInt32(
    IN_CLOSE_WRITE | IN_ATTRIB | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO
      | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
  /// At the root only folders being created, removed or renamed matter.
  private static let rootMask = UInt32(
    IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ONLYDIR)

  private func readEvents(into buffer: UnsafeMutableRawPointer) {
    while true {
      let count = read(descriptor, buffer, Self.bufferSize)
      guard count > 0 else { return }  // EAGAIN: everything has been read.
      var offset = 0
      while offset + Self.headerSize <= count {
        let event = (buffer + offset).loadUnaligned(as: inotify_event.self)
        let nameStart = buffer + offset + Self.headerSize
        let nameLength = min(Int(event.len), count - offset - Self.headerSize)
        // The name is padded with NULs to keep the next event aligned.
        let name = String(
          decoding: UnsafeRawBufferPointer(
            start: nameStart,
            count: strnlen(nameStart.assumingMemoryBound(to: CChar.self), nameLength)),
          as: UTF8.self)
        handle(watch: event.wd, mask: event.mask, name: name)
        offset += Self.headerSize + Int(event.len)
      }
    }
  }

  private func handle(watch: Int32, mask: UInt32, name: String) {
    if mask & UInt32(IN_Q_OVERFLOW) != 0 {
      // Events were lost: watch whatever exists now, and rebuild from scratch.
      for folder in folders.sorted() {
        addWatches(below: folder + "/")
        debouncer.add(folder + "/")
      }
      return
    }
    if mask & UInt32(IN_IGNORED) != 0 {
      watches[watch] = nil
      return
    }
    guard let folder = watches[watch] else { return }
    guard !name.isEmpty else {
      // The watched folder itself was deleted or moved away.
      if !folder.isEmpty { debouncer.add(folder) }
      return
    }
    guard !Self.isIgnored(name), !folder.isEmpty || folders.contains(name) else { return }
    let path = folder + name
    if mask & UInt32(IN_ISDIR) != 0 {
      if mask & UInt32(IN_DELETE | IN_MOVED_FROM) != 0 {
        removeWatches(below: path + "/")
      }
      if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
        addWatches(below: path + "/")
      }
    }
    debouncer.add(path)
  }

  private func deliver(_ paths: Set<String>) {
    continuation.yield(Batch(paths: paths.sorted(), problems: problems))
    problems = []
  }

  // MARK: Watches

  /// Watches `folder` (relative to the root, ending with `/`) and every folder below it.
  private func addWatches(below folder: String) {
    var pending = [folder]
    var visited: Set<String> = []
    while let relative = pending.popLast() {
      let absolute = root + "/" + relative
      // Symbolic links to folders are followed, as the build follows them; remembering real
      // paths keeps a link to a parent from looping forever.
      let real = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
      guard visited.insert(real).inserted else { continue }
      let watch = inotify_add_watch(descriptor, absolute, Self.folderMask)
      guard watch >= 0 else {
        if errno == ENOSPC && !reportedWatchLimit {
          reportedWatchLimit = true
          problems.append(.tooManyFoldersToWatch(relative))
        }
        continue
      }
      watches[watch] = relative
      let names = (try? FileManager.default.contentsOfDirectory(atPath: absolute)) ?? []
      for name in names.sorted() where !Self.isIgnored(name) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: absolute + name, isDirectory: &isFolder),
          isFolder.boolValue
        {
          pending.append(relative + name + "/")
        }
      }
    }
  }

  /// Stops watching `folder` (relative, ending with `/`) and the folders below it, after it was
  /// moved or deleted; if it was moved within the site, the move's other half watches it again
  /// under its new name.
  private func removeWatches(below folder: String) {
    for (watch, path) in watches where path.hasPrefix(folder) {
      inotify_rm_watch(descriptor, watch)
      watches[watch] = nil
    }
  }

  /// Hidden files and the temporary files editors write next to the real one while saving.
  static func isIgnored(_ name: String) -> Bool {
    name.hasPrefix(".") || name.hasSuffix("~") || name.hasSuffix(".swp")
      || name.hasSuffix(".swx") || name.hasSuffix(".tmp") || name == "4913"
      || (name.hasPrefix("#") && name.hasSuffix("#"))
  }
}

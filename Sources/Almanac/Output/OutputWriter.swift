import Foundation

/// WRITE: puts a built site into its output folder, touching as little as possible.
///
/// Files whose bytes are unchanged are not rewritten, so their modification times stay put
/// (rsync and CDNs rely on that). Changed files are first all written into a hidden staging
/// folder inside the output folder, and only once every one of them is written (the disk did not
/// fill up) are they renamed into place, so a failed write leaves the old output as it was and a
/// reader never sees half a file. Files the site no longer produces are then removed, except
/// dotfiles and dot-folders such as `.gitignore`, before anything is moved in, so a path that
/// changes between file and folder never blocks a build.
public struct OutputWriter: Sendable {
  public struct Summary: Sendable, Equatable {
    public var written = 0
    public var unchanged = 0
    public var removed = 0

    public init(written: Int = 0, unchanged: Int = 0, removed: Int = 0) {
      self.written = written
      self.unchanged = unchanged
      self.removed = removed
    }
  }

  public struct Failure: Error {
    public var diagnostic: Diagnostic
  }

  public let folder: URL
  /// Folders the writer must never write into or clean: the site's own sources.
  public let protectedFolders: [URL]
  /// Writes a file's bytes; tests replace it to make writes fail as a full disk does.
  var writeData: @Sendable (Data, URL) throws -> Void = { data, url in
    try FileSystem.write(data, to: url.path)
  }

  /// The hidden folder, inside the output folder, that changed files are written into first.
  static let stagingFolder = ".almanac-staging"

  /// - Parameters:
  ///   - folder: the output folder; created when missing.
  ///   - siteRoot: the site being built. An output folder that is, holds or sits inside its
  ///     `Content/` or `Templates/` is refused, because cleaning it would delete the sources.
  public init(folder: URL, siteRoot: URL? = nil) {
    self.folder = folder.standardizedFileURL
    protectedFolders =
      siteRoot.map { root in
        [SourceFiles.contentFolder, SourceFiles.templatesFolder].map {
          root.appendingPathComponent($0)
        }
      } ?? []
  }

  /// Writes what a build produced, with the manifest the next build starts from.
  @discardableResult
  public func write(_ result: BuildResult) throws(Failure) -> Summary {
    try write(
      result.files, keeping: result.keptFiles, manifest: result.manifest,
      manifestIsCurrent: result.isUpToDate)
  }

  /// Writes what a build produced but its manifest, removing the folder's old one, which no
  /// longer describes it; `writeManifest(_:reusing:)` writes the new one after.
  ///
  /// A build from memory makes the same files as the build before it, so the folder is not
  /// searched for files to remove.
  func writeWithoutManifest(_ result: BuildResult) throws(Failure) -> Summary {
    let staging = Staging(writer: self)
    defer { staging.discard() }
    try staging.stage(result.files)
    return try staging.commit(
      keeping: result.keptFiles, manifestFiles: nil, manifestIsCurrent: result.isUpToDate,
      sweeping: !result.isFromMemory)
  }

  /// Writes a build's manifest into the folder the build was written to, encoding only the page
  /// records that differ from those in `records`, which is left holding the new ones
  /// (`BuildManifest.files(reusing:)`).
  func writeManifest(
    _ manifest: BuildManifest, reusing records: inout BuildManifest.EncodedRecords?
  )
    throws(Failure)
  {
    let root = OutputWriter.resolved(folder)
    var folders: Set<String> = [root.path]
    try write(manifest.files(reusing: &records), in: root, folders: &folders)
  }

  /// Writes a manifest's files under `root`, making the folders not yet in `folders`.
  fileprivate func write(
    _ manifestFiles: [(path: String, contents: Data)], in root: URL, folders: inout Set<String>
  ) throws(Failure) {
    for (path, contents) in manifestFiles {
      try attempt(path) {
        let url = root.appendingPathComponent(path)
        try FileSystem.makeFolder(url.deletingLastPathComponent().path, known: &folders)
        try writeData(contents, url)
      }
    }
  }

  /// Writes `files`, leaves the `kept` ones as they are, and removes all others.
  ///
  /// - Parameter manifest: recorded in `.almanac/manifest.json` once everything else is written;
  ///   without one, an existing manifest is removed, since it no longer describes the output.
  /// - Parameter manifestIsCurrent: the manifest on disk is `manifest` already; leave it alone.
  @discardableResult
  public func write(
    _ files: [OutputFile], keeping kept: [String] = [], manifest: BuildManifest? = nil,
    manifestIsCurrent: Bool = false
  ) throws(Failure) -> Summary {
    let staging = Staging(writer: self)
    defer { staging.discard() }
    try staging.stage(files)
    return try staging.commit(
      keeping: kept, manifest: manifest, manifestIsCurrent: manifestIsCurrent)
  }

  /// A write in two steps, so that a build can hand over pages as it renders them instead of
  /// holding the whole site: `stage` writes changed files into a hidden folder inside the output
  /// folder, and `commit` moves them into place, removes what the site no longer makes, and
  /// writes the manifest. Until `commit`, the output folder serves the previous build unchanged;
  /// `discard` forgets everything staged.
  ///
  /// One thread at a time uses a staging area.
  public final class Staging: @unchecked Sendable {
    private let writer: OutputWriter
    private var root: URL?
    private var folder: URL?
    private var staged: [(from: URL, to: URL, path: String)] = []
    /// Staged files are named by number, in the order they were handed over.
    private var namesIssued = 0
    /// Every file handed over, written or found unchanged.
    private var produced: Set<String> = []
    private var unchanged = 0
    /// Whether staging created the output folder, which a discarded build then removes again.
    private var createdRoot = false

    public init(writer: OutputWriter) {
      self.writer = writer
    }

    /// Writes the files whose bytes differ from the output folder's into the staging folder,
    /// on every core; a failure is reported for the first file that failed, in order.
    public func stage(_ files: [OutputFile]) throws(Failure) {
      let root = try prepared()
      let writer = self.writer
      let folder = self.folder!
      let firstName = namesIssued
      namesIssued += files.count
      let outcomes = Array(files.indices).parallelMap {
        index -> Result<(from: URL, to: URL)?, Failure> in
        let file = files[index]
        do throws(Failure) {
          let target = try writer.destination(of: file.path, in: root)
          if OutputWriter.holds(target, file) { return .success(nil) }
          let stagedFile = folder.appendingPathComponent(String(firstName + index))
          try writer.attempt(file.path) {
            if let source = file.copyOf {
              try FileManager.default.copyItem(at: source, to: stagedFile)
            } else {
              try writer.writeData(file.contents, stagedFile)
            }
          }
          return .success((stagedFile, target))
        } catch {
          return .failure(error)
        }
      }
      for (file, outcome) in zip(files, outcomes) {
        produced.insert(file.path)
        switch outcome {
        case .failure(let failure): throw failure
        case .success(nil): unchanged += 1
        case .success(let move?): staged.append((move.from, move.to, file.path))
        }
      }
    }

    /// Moves the staged files into place, leaves the `kept` ones as they are, removes every
    /// other file, and writes the manifest last.
    public func commit(
      keeping kept: [String], manifest: BuildManifest?, manifestIsCurrent: Bool
    ) throws(Failure) -> Summary {
      try commit(
        keeping: kept, manifestFiles: manifest?.files(), manifestIsCurrent: manifestIsCurrent,
        sweeping: true)
    }

    /// - Parameter sweeping: remove the files that are neither written nor kept; false when the
    ///   caller knows there are none.
    fileprivate func commit(
      keeping kept: [String], manifestFiles: [(path: String, contents: Data)]?,
      manifestIsCurrent: Bool, sweeping: Bool
    ) throws(Failure) -> Summary {
      let root = try prepared()
      let manager = FileManager.default
      var summary = Summary(unchanged: kept.count + unchanged)
      // Until the new manifest is written, the output matches neither manifest: a build cut
      // short here must not be taken for the old one by the next build.
      let changesOutput = !manifestIsCurrent || !staged.isEmpty
      let manifestURL = root.appendingPathComponent(BuildManifest.path)
      if changesOutput {
        try writer.attempt(BuildManifest.path) {
          if manager.fileExists(atPath: manifestURL.path) {
            try manager.removeItem(at: manifestURL)
          }
        }
      }
      if sweeping {
        summary.removed = try writer.removeFiles(in: root, notIn: produced.union(kept))
      }
      var folders: Set<String> = [root.path]
      for move in staged {
        try writer.attempt(move.path) {
          try FileSystem.makeFolder(move.to.deletingLastPathComponent().path, known: &folders)
          // rename(2) replaces an existing file in one step: readers see old or new, never none.
          guard rename(move.from.path, move.to.path) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
          }
        }
        summary.written += 1
      }
      staged = []
      namesIssued = 0
      createdRoot = false
      if let manifestFiles, changesOutput {
        try writer.write(manifestFiles, in: root, folders: &folders)
      }
      discard()
      return summary
    }

    /// Stages the files a build returned, then commits them with the build's manifest.
    @discardableResult
    public func commit(_ result: BuildResult) throws(Failure) -> Summary {
      try stage(result.files)
      return try commit(
        keeping: result.keptFiles, manifest: result.manifest, manifestIsCurrent: result.isUpToDate)
    }

    /// Removes the staging folder and everything in it.
    public func discard() {
      if let folder { try? FileManager.default.removeItem(at: folder) }
      if createdRoot, let root { rmdir(root.path) }
      staged = []
      namesIssued = 0
    }

    /// The output folder, checked and created, with an empty staging folder inside.
    private func prepared() throws(Failure) -> URL {
      if let root { return root }
      let root = OutputWriter.resolved(writer.folder)
      try writer.checkFolder(root)
      let staging = root.appendingPathComponent(OutputWriter.stagingFolder, isDirectory: true)
      createdRoot = !FileManager.default.fileExists(atPath: root.path)
      try writer.attempt(writer.folder.path) {
        let manager = FileManager.default
        try manager.createDirectory(at: root, withIntermediateDirectories: true)
        try? manager.removeItem(at: staging)
        try manager.createDirectory(at: staging, withIntermediateDirectories: true)
      }
      self.root = root
      folder = staging
      return root
    }
  }

  /// Whether the file at `url` holds exactly what `file` would write; sizes are compared first,
  /// and a large file is compared a chunk at a time.
  fileprivate static func holds(_ url: URL, _ file: OutputFile) -> Bool {
    guard let size = FileSystem.fileSize(url.path) else { return false }
    guard let source = file.copyOf else {
      return size == file.contents.count
        && FileManager.default.contents(atPath: url.path) == file.contents
    }
    guard FileSystem.fileSize(source.path) == size,
      let old = try? FileHandle(forReadingFrom: url),
      let new = try? FileHandle(forReadingFrom: source)
    else { return false }
    defer {
      try? old.close()
      try? new.close()
    }
    do {
      // `read(upToCount:)` returns nil, or no bytes, at the end of the file.
      while true {
        let oldChunk = try old.read(upToCount: SourceFiles.chunkSize) ?? Data()
        let newChunk = try new.read(upToCount: SourceFiles.chunkSize) ?? Data()
        guard oldChunk == newChunk else { return false }
        if oldChunk.isEmpty { return true }
      }
    } catch {
      return false
    }
  }

  fileprivate func checkFolder(_ root: URL) throws(Failure) {
    let output = root.path
    guard output != "/" else {
      throw Failure(diagnostic: .outputFolderHoldsSources(folder.path, sources: "/"))
    }
    for protected in protectedFolders.map(Self.resolved) {
      let path = protected.path
      if output == path || path.hasPrefix(output + "/") || output.hasPrefix(path + "/") {
        throw Failure(diagnostic: .outputFolderHoldsSources(folder.path, sources: path))
      }
    }
  }

  /// The file a path inside the output maps to; refuses anything that would land outside it.
  fileprivate func destination(of path: String, in root: URL) throws(Failure) -> URL {
    let components = path.split(separator: "/", omittingEmptySubsequences: false)
    guard !path.hasPrefix("/"),
      !components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." })
    else {
      throw Failure(diagnostic: .outputPathOutsideFolder(path))
    }
    return root.appendingPathComponent(path)
  }

  /// Removes every file below `root` that isn't in `keep`, except dot-entries, then the folders
  /// that emptied. Walks with `readdir`, which reports each entry's type for free, where
  /// FileManager's enumerator costs several system calls per file; the top-level folders are
  /// walked on every core.
  fileprivate func removeFiles(in root: URL, notIn keep: Set<String>) throws(Failure) -> Int {
    let (topFiles, topFolders) = Self.staleFiles(in: "", under: root.path, notIn: keep)
    var stale = topFiles
    let walks = topFolders.parallelMap { folder in
      var files: [String] = []
      var pending = [folder]
      while let next = pending.popLast() {
        let found = Self.staleFiles(in: next, under: root.path, notIn: keep)
        files += found.files
        pending += found.folders
      }
      return files
    }
    for files in walks { stale += files }
    var emptied: Set<String> = []
    for relative in stale {
      guard unlink(root.path + "/" + relative) == 0 else {
        throw Failure(
          diagnostic: .outputWriteFailed(
            relative, reason: String(cString: strerror(errno))))
      }
      var folder = relative
      while let slash = folder.lastIndex(of: "/") {
        folder = String(folder[..<slash])
        guard emptied.insert(folder).inserted else { break }
      }
    }
    // Deepest first, so a folder emptied by removing its subfolders goes too; a folder that
    // still holds something (a dotfile) stays, as rmdir refuses it.
    for folder in emptied.sorted(by: >) { rmdir(root.path + "/" + folder) }
    return stale.count
  }

  /// The files in `folder` (relative to `root`) that aren't in `keep`, and its subfolders,
  /// leaving out dot-entries. Symbolic links count as files, so they are removed, never followed.
  private static func staleFiles(in folder: String, under root: String, notIn keep: Set<String>)
    -> (files: [String], folders: [String])
  {
    var files: [String] = []
    var folders: [String] = []
    for entry in FileSystem.entries(of: folder.isEmpty ? root : root + "/" + folder) ?? []
    where !entry.name.hasPrefix(".") {
      let relative = folder.isEmpty ? entry.name : folder + "/" + entry.name
      if entry.kind == .folder {
        folders.append(relative)
      } else if !keep.contains(relative) {
        files.append(relative)
      }
    }
    return (files, folders)
  }

  fileprivate func attempt(_ path: String, _ operation: () throws -> Void) throws(Failure) {
    do {
      try operation()
    } catch {
      throw Failure(diagnostic: .outputWriteFailed(path, reason: Self.reason(for: error)))
    }
  }

  /// The operating system's own words for a failure ("No space left on device"), rather than
  /// Foundation's generic ones.
  static func reason(for error: Error) -> String {
    var error = error as NSError
    while error.domain != NSPOSIXErrorDomain,
      let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError
    {
      error = underlying
    }
    if error.domain == NSPOSIXErrorDomain, let message = strerror(Int32(error.code)) {
      return String(cString: message)
    }
    switch CocoaError.Code(rawValue: error.code) {
    case .fileWriteOutOfSpace: return "No space left on device"
    case .fileWriteNoPermission, .fileReadNoPermission: return "Permission denied"
    case .fileWriteVolumeReadOnly: return "Read-only file system"
    case .fileWriteFileExists: return "a file or folder is in the way"
    default:
      let description = error.localizedDescription
      return description.hasSuffix(".") ? String(description.dropLast()) : description
    }
  }

  fileprivate static func resolved(_ url: URL) -> URL {
    url.resolvingSymlinksInPath().standardizedFileURL
  }
}

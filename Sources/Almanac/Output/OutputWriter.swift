import Foundation

/// WRITE: puts a built site into its output folder, touching as little as possible.
///
/// Files whose bytes are unchanged are not rewritten, so their modification times stay put
/// (rsync and CDNs rely on that). Changed files are written to a temporary file and renamed into
/// place, so a reader never sees half a file. Files the site no longer produces are removed
/// first, except dotfiles and dot-folders such as `.gitignore`, so a path that changes between
/// file and folder never blocks a build.
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
    let root = Self.resolved(folder)
    try checkFolder(root)
    var summary = Summary(unchanged: kept.count)
    let manager = FileManager.default
    try attempt(folder.path) {
      try manager.createDirectory(at: root, withIntermediateDirectories: true)
    }
    var targets: [(OutputFile, URL)] = []
    for file in files {
      targets.append((file, try destination(of: file.path, in: root)))
    }
    summary.removed = try removeFiles(in: root, notIn: Set(files.map(\.path)).union(kept))
    for (file, target) in targets {
      if manager.contents(atPath: target.path) == file.contents {
        summary.unchanged += 1
        continue
      }
      try attempt(file.path) {
        try manager.createDirectory(
          at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try file.contents.write(to: target, options: .atomic)
      }
      summary.written += 1
    }
    let manifestURL = root.appendingPathComponent(BuildManifest.path)
    try attempt(BuildManifest.path) {
      if manifestIsCurrent { return }
      if let manifest {
        try manager.createDirectory(
          at: manifestURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try manifest.json().write(to: manifestURL, options: .atomic)
      } else if manager.fileExists(atPath: manifestURL.path) {
        try manager.removeItem(at: manifestURL)
      }
    }
    return summary
  }

  private func checkFolder(_ root: URL) throws(Failure) {
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
  private func destination(of path: String, in root: URL) throws(Failure) -> URL {
    let components = path.split(separator: "/", omittingEmptySubsequences: false)
    guard !path.hasPrefix("/"),
      !components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." })
    else {
      throw Failure(diagnostic: .outputPathOutsideFolder(path))
    }
    return root.appendingPathComponent(path)
  }

  private func removeFiles(in root: URL, notIn keep: Set<String>) throws(Failure) -> Int {
    var removed = 0
    var folders: [URL] = []
    let manager = FileManager.default
    guard let walker = manager.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey])
    else {
      return 0
    }
    let prefixLength = root.path.count + 1
    while let url = walker.nextObject() as? URL {
      if url.lastPathComponent.hasPrefix(".") {
        walker.skipDescendants()
        continue
      }
      let relative = String(url.standardizedFileURL.path.dropFirst(prefixLength))
      if (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
        folders.append(url)
      } else if !keep.contains(relative) {
        try attempt(relative) { try manager.removeItem(at: url) }
        removed += 1
      }
    }
    // Deepest first, so a folder emptied by removing its subfolders goes too.
    for url in folders.sorted(by: { $0.path > $1.path })
    where (try? manager.contentsOfDirectory(atPath: url.path))?.isEmpty == true {
      try attempt(url.path) { try manager.removeItem(at: url) }
    }
    return removed
  }

  private func attempt(_ path: String, _ operation: () throws -> Void) throws(Failure) {
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

  private static func resolved(_ url: URL) -> URL {
    url.resolvingSymlinksInPath().standardizedFileURL
  }
}

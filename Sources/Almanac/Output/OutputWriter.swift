import Foundation

/// WRITE: puts a built site into its output folder, touching as little as possible.
///
/// Files whose bytes are unchanged are not rewritten, so their modification times stay put
/// (rsync and CDNs rely on that). Changed files are written to a temporary file and renamed into
/// place, so a reader never sees half a file. Files the site no longer produces are removed,
/// except dotfiles and dot-folders such as `.gitignore`.
public struct OutputWriter: Sendable {
  public struct Summary: Sendable, Equatable {
    public var written = 0
    public var unchanged = 0
    public var removed = 0
  }

  public struct Failure: Error {
    public var diagnostic: Diagnostic
  }

  public let folder: URL

  public init(folder: URL) {
    self.folder = folder.standardizedFileURL
  }

  @discardableResult
  public func write(_ files: [OutputFile]) throws(Failure) -> Summary {
    var summary = Summary()
    let manager = FileManager.default
    try attempt(folder.path) {
      try manager.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    for file in files {
      let target = try destination(of: file.path)
      if manager.contents(atPath: target.path) == file.contents {
        summary.unchanged += 1
        continue
      }
      try attempt(file.path) {
        try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try file.contents.write(to: target, options: .atomic)
      }
      summary.written += 1
    }
    summary.removed = try removeFiles(notIn: Set(files.map(\.path)))
    return summary
  }

  /// The file a path inside the output maps to; refuses anything that would land outside it.
  private func destination(of path: String) throws(Failure) -> URL {
    let components = path.split(separator: "/", omittingEmptySubsequences: false)
    guard !path.hasPrefix("/"), !components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." })
    else {
      throw Failure(diagnostic: .outputWriteFailed(path, reason: "the path leaves the output folder"))
    }
    return folder.appendingPathComponent(path)
  }

  private func removeFiles(notIn keep: Set<String>) throws(Failure) -> Int {
    var removed = 0
    var folders: [String] = []
    let manager = FileManager.default
    guard let walker = manager.enumerator(at: folder, includingPropertiesForKeys: [.isDirectoryKey]) else {
      return 0
    }
    let prefixLength = folder.path.count + 1
    while let url = walker.nextObject() as? URL {
      let relative = String(url.standardizedFileURL.path.dropFirst(prefixLength))
      if url.lastPathComponent.hasPrefix(".") {
        walker.skipDescendants()
        continue
      }
      if (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
        folders.append(url.path)
      } else if !keep.contains(relative) {
        try attempt(relative) { try manager.removeItem(at: url) }
        removed += 1
      }
    }
    // Deepest first, so a folder emptied by removing its subfolders goes too.
    for path in folders.sorted(by: >) where (try? manager.contentsOfDirectory(atPath: path))?.isEmpty == true {
      try? manager.removeItem(atPath: path)
    }
    return removed
  }

  private func attempt(_ path: String, _ operation: () throws -> Void) throws(Failure) {
    do {
      try operation()
    } catch {
      let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
      throw Failure(diagnostic: .outputWriteFailed(path, reason: reason))
    }
  }
}

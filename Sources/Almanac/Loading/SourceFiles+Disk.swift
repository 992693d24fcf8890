import Foundation

extension SourceFiles {
  /// Data files larger than this are left on disk and read in chunks (`largeFiles`).
  public static let largeFileSize = 16 << 20

  /// Reads `Content/` and `Templates/` under `root`. Hidden files and folders are skipped. CSV
  /// and TSV data files larger than `largeFileSize` bytes are only checked to be readable, and
  /// left on disk to be read in chunks.
  ///
  /// A symbolic link is followed only when it resolves inside the folder it sits in: a link that
  /// escapes the site is reported, never read, so a build can't be tricked into publishing a file
  /// from elsewhere on the machine.
  public static func read(siteAt root: URL, largeFileSize: Int = largeFileSize) -> SourceFiles {
    var sources = SourceFiles()
    for folder in [contentFolder, templatesFolder] {
      let folderURL = root.appendingPathComponent(folder, isDirectory: true)
      guard FileManager.default.fileExists(atPath: folderURL.path) else { continue }
      sources.readTree(at: folderURL, as: folder, largeFileSize: largeFileSize)
    }
    return sources
  }

  private mutating func readTree(at folderURL: URL, as prefix: String, largeFileSize: Int) {
    let boundary = folderURL.resolvingSymlinksInPath().standardizedFileURL.path + "/"
    // Paths are joined as strings: URL.appendingPathComponent costs more than reading a file.
    var found: [(path: String, file: String)] = []
    var pending = [(folderURL.path, prefix)]
    while let (directory, relative) = pending.popLast() {
      guard let entries = FileSystem.entries(of: directory) else {
        diagnostics.append(.unreadableFile(SourceLocation(file: relative)))
        continue
      }
      for entry in entries.sorted(by: { $0.name < $1.name }) where !entry.name.hasPrefix(".") {
        let file = directory + "/" + entry.name
        let path = relative + entry.name
        var isFolder = entry.kind == .folder
        // Only a link can lead out of the folder: every other entry was reached through folders
        // inside it.
        if entry.kind == .link {
          let resolved = URL(fileURLWithPath: file).resolvingSymlinksInPath()
            .standardizedFileURL.path
          guard resolved.hasPrefix(boundary) else {
            diagnostics.append(.linkOutsideSite(SourceLocation(file: path)))
            continue
          }
          isFolder = FileSystem.isFolder(file)
        }
        if isFolder {
          pending.append((file, path + "/"))
        } else {
          found.append((path, file))
        }
      }
    }
    // Read on every core, recorded in the order found.
    let read = found.parallelMap { path, file -> ReadFile in
      if Self.isStreamable(path), let size = FileSystem.fileSize(file), size > largeFileSize {
        guard let handle = FileHandle(forReadingAtPath: file) else { return .unreadable }
        try? handle.close()
        return .large
      }
      return FileSystem.contents(of: file).map(ReadFile.contents) ?? .unreadable
    }
    for ((path, file), outcome) in zip(found, read) {
      switch outcome {
      case .contents(let data): files[path] = data
      case .large: largeFiles[path] = URL(fileURLWithPath: file)
      case .unreadable: diagnostics.append(.unreadableFile(SourceLocation(file: path)))
      }
    }
  }

  private enum ReadFile: Sendable {
    case contents(Data)
    case large
    case unreadable
  }

  /// CSV and TSV data tables, which are parsed as they are read.
  private static func isStreamable(_ path: String) -> Bool {
    let lowered = path.lowercased()
    return path.hasPrefix(contentFolder + Almanac.dataFolder)
      && (lowered.hasSuffix(".csv") || lowered.hasSuffix(".tsv"))
  }

}

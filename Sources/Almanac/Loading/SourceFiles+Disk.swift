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
    var pending = [(folderURL, prefix)]
    while let (directory, relative) = pending.popLast() {
      let names: [String]
      do {
        names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      } catch {
        diagnostics.append(.unreadableFile(SourceLocation(file: relative)))
        continue
      }
      for name in names.sorted() where !name.hasPrefix(".") {
        let url = directory.appendingPathComponent(name)
        let path = relative + name
        let resolved = url.resolvingSymlinksInPath().standardizedFileURL.path
        guard resolved.hasPrefix(boundary) else {
          diagnostics.append(.linkOutsideSite(SourceLocation(file: path)))
          continue
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
          isDirectory.boolValue
        {
          pending.append((url, path + "/"))
        } else if Self.isStreamable(path), let size = Self.size(of: url), size > largeFileSize {
          if let handle = try? FileHandle(forReadingFrom: url) {
            try? handle.close()
            largeFiles[path] = url
          } else {
            diagnostics.append(.unreadableFile(SourceLocation(file: path)))
          }
        } else if let data = FileManager.default.contents(atPath: url.path) {
          files[path] = data
        } else {
          diagnostics.append(.unreadableFile(SourceLocation(file: path)))
        }
      }
    }
  }

  /// CSV and TSV data tables, which are parsed as they are read.
  private static func isStreamable(_ path: String) -> Bool {
    let lowered = path.lowercased()
    return path.hasPrefix(contentFolder + Almanac.dataFolder)
      && (lowered.hasSuffix(".csv") || lowered.hasSuffix(".tsv"))
  }

  private static func size(of url: URL) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int
  }
}

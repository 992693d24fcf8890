import Foundation

extension SourceFiles {
  /// Reads `Content/` and `Templates/` under `root`. Hidden files and folders are skipped.
  ///
  /// A symbolic link is followed only when it resolves inside the folder it sits in: a link that
  /// escapes the site is reported, never read, so a build can't be tricked into publishing a file
  /// from elsewhere on the machine.
  public static func read(siteAt root: URL) -> SourceFiles {
    var sources = SourceFiles()
    for folder in [contentFolder, templatesFolder] {
      let folderURL = root.appendingPathComponent(folder, isDirectory: true)
      guard FileManager.default.fileExists(atPath: folderURL.path) else { continue }
      sources.readTree(at: folderURL, as: folder)
    }
    return sources
  }

  private mutating func readTree(at folderURL: URL, as prefix: String) {
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
        } else if let data = FileManager.default.contents(atPath: url.path) {
          files[path] = data
        } else {
          diagnostics.append(.unreadableFile(SourceLocation(file: path)))
        }
      }
    }
  }
}

import Foundation

/// The files a site is built from, keyed by their path relative to the site's root folder
/// (`Content/site.yml`, `Templates/base.html`, …).
///
/// Builds read only from this value, never from the disk, so tests can build whole sites written
/// inline, and a build sees one consistent snapshot of its inputs.
public struct SourceFiles: Sendable {
  public var files: [String: Data]
  /// Data files too large to hold in memory, left on disk: they are parsed and published a
  /// chunk at a time (see `read(siteAt:largeFileSize:)`).
  public var largeFiles: [String: URL]
  /// Problems met while reading the files from disk (unreadable files, links out of the site).
  public var diagnostics: [Diagnostic]

  public init(
    _ files: [String: Data] = [:], largeFiles: [String: URL] = [:],
    diagnostics: [Diagnostic] = []
  ) {
    self.files = files
    self.largeFiles = largeFiles
    self.diagnostics = diagnostics
  }

  /// A site written inline, for tests and examples: paths map to UTF-8 text.
  public init(texts: [String: String]) {
    self.init(texts.mapValues { Data($0.utf8) })
  }

  /// The paths below `folder` (for example `"Content/"`), sorted, so every stage walks the
  /// files in the same order on every machine.
  func paths(under folder: String) -> [String] {
    (files.keys.filter { $0.hasPrefix(folder) } + largeFiles.keys.filter { $0.hasPrefix(folder) })
      .sorted()
  }

  /// Only the files under `folder`.
  func subset(under folder: String) -> SourceFiles {
    SourceFiles(
      files.filter { $0.key.hasPrefix(folder) },
      largeFiles: largeFiles.filter { $0.key.hasPrefix(folder) })
  }

  func contains(folder: String) -> Bool {
    files.keys.contains { $0.hasPrefix(folder) }
      || largeFiles.keys.contains { $0.hasPrefix(folder) }
  }

  /// How many bytes of a file `forEachChunk` passes on at a time.
  static let chunkSize = 1 << 20

  /// Passes the file's bytes to `body` a chunk at a time, until `body` returns false; a large
  /// file is read from disk one chunk at a time.
  ///
  /// - Returns: false when the file could not be read.
  func forEachChunk(of path: String, size: Int = chunkSize, _ body: (Data) -> Bool) -> Bool {
    if let data = files[path] {
      var offset = data.startIndex
      while offset < data.endIndex {
        let end = data.index(offset, offsetBy: min(size, data.endIndex - offset))
        guard body(data[offset..<end]) else { break }
        offset = end
      }
      return true
    }
    guard let url = largeFiles[path], let handle = try? FileHandle(forReadingFrom: url) else {
      return false
    }
    defer { try? handle.close() }
    do {
      // `read(upToCount:)` returns nil, or no bytes, at the end of the file.
      while let chunk = try handle.read(upToCount: size), !chunk.isEmpty, body(chunk) {}
      return true
    } catch {
      return false
    }
  }
}

extension SourceFiles {
  /// The folders under a site's root that a build reads.
  static let contentFolder = "Content/"
  /// The extension of the pages' Markdown files.
  static let markdownExtension = ".md"
  static let templatesFolder = "Templates/"
}

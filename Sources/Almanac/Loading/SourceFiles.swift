import Foundation

/// The files a site is built from, keyed by their path relative to the site's root folder
/// (`Content/site.yml`, `Templates/base.html`, …).
///
/// Builds read only from this value, never from the disk, so tests can build whole sites written
/// inline, and a build sees one consistent snapshot of its inputs.
public struct SourceFiles: Sendable {
  public var files: [String: Data]
  /// Problems met while reading the files from disk (unreadable files, links out of the site).
  public var diagnostics: [Diagnostic]

  public init(_ files: [String: Data] = [:], diagnostics: [Diagnostic] = []) {
    self.files = files
    self.diagnostics = diagnostics
  }

  /// A site written inline, for tests and examples: paths map to UTF-8 text.
  public init(texts: [String: String]) {
    self.init(texts.mapValues { Data($0.utf8) })
  }

  /// The paths below `folder` (for example `"Content/"`), sorted, so every stage walks the
  /// files in the same order on every machine.
  func paths(under folder: String) -> [String] {
    files.keys.filter { $0.hasPrefix(folder) }.sorted()
  }

  func contains(folder: String) -> Bool {
    files.keys.contains { $0.hasPrefix(folder) }
  }
}

extension SourceFiles {
  /// The folders under a site's root that a build reads.
  static let contentFolder = "Content/"
  static let templatesFolder = "Templates/"
}

import Foundation

/// A site being previewed: where its sources are, where it is written, and how it is built.
public struct SiteSession: Sendable {
  /// What one rebuild did.
  public struct Outcome: Sendable {
    /// Every error, warning and note, sorted: from the build, or the write that failed.
    public var diagnostics: [Diagnostic]
    /// What was written; nil when the build or the write failed, in which case the output
    /// folder still holds the last good build.
    public var written: OutputWriter.Summary?
    public var pageCount: Int
    /// How many pages were rendered again, when the build could reuse the previous one's.
    public var pagesRendered: Int?
    public var dataFileCount: Int
    /// Wall time of the whole rebuild, read, build and write.
    public var seconds: TimeInterval

    public var succeeded: Bool { written != nil }
  }

  /// The site's root folder, holding `Content/` and `Templates/`.
  public let root: URL
  /// The folder the site is written to and served from.
  public let output: URL
  public let options: BuildOptions

  public init(root: URL, output: URL, options: BuildOptions) {
    self.root = root
    self.output = output
    self.options = options
  }

  /// The folders under `root` whose changes call for a rebuild.
  public static let watchedFolders = [SourceFiles.contentFolder, SourceFiles.templatesFolder].map {
    String($0.dropLast())
  }

  /// Reads the sources, builds the site and, when it has no errors, writes it to `output`.
  ///
  /// This is the only place the preview server builds, so the way a site is built (today:
  /// incremental, from the manifest the previous build left in the output folder, as
  /// `almanac build` does) changes here and nowhere else. Nothing is written when the build
  /// has errors.
  public func rebuild(progress: BuildProgress? = nil) -> Outcome {
    let started = Date()
    let sources = SourceFiles.read(siteAt: root)
    let previous = BuildManifest.read(fromOutputFolder: output)
    let result = Almanac.build(
      consume sources, options: options, previous: previous, progress: progress)
    var outcome = Outcome(
      diagnostics: (result.notes + result.diagnostics).sorted(), written: nil,
      pageCount: result.pageCount,
      pagesRendered: result.isIncremental ? result.pagesRendered : nil,
      dataFileCount: result.dataFileCount, seconds: 0)
    if result.succeeded {
      do {
        outcome.written = try OutputWriter(folder: output, siteRoot: root).write(result)
      } catch {
        outcome.diagnostics = (outcome.diagnostics + [error.diagnostic]).sorted()
      }
    }
    outcome.seconds = Date().timeIntervalSince(started)
    return outcome
  }
}

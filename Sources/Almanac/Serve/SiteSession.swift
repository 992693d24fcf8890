import Foundation
import Synchronization

/// A site being previewed: where its sources are, where it is written, and how it is built.
///
/// It keeps what the last successful build left in memory, so that an edit to a page's text is
/// rebuilt without loading the whole site again.
public final class SiteSession: Sendable {
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
    /// Whether the build started from the last one's memory rather than from the sources.
    public var fromMemory = false
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
  private let state = Mutex(State())
  /// What a rebuild leaves to do after its outcome is known: writing the manifest and letting
  /// the last build's memory go. The next rebuild waits for it first.
  private let afterwork = DispatchQueue(label: "almanac.site-session.afterwork")

  /// What the last good build left: its memory, and its manifest's page records as written.
  private struct State: Sendable {
    var memory: BuildMemory?
    var records = BuildManifest.EncodedRecords()
  }

  public init(root: URL, output: URL, options: BuildOptions) {
    self.root = root
    self.output = output
    self.options = options
  }

  /// The folders under `root` whose changes call for a rebuild.
  public static let watchedFolders = [SourceFiles.contentFolder, SourceFiles.templatesFolder].map {
    String($0.dropLast())
  }

  /// Builds the site and, when it has no errors, writes it to `output`.
  ///
  /// This is the only place the preview server builds, so the way a site is built changes here
  /// and nowhere else. When only the text of pages changed since the last good build, the build
  /// starts from what that one left in memory; otherwise it reads the sources and builds
  /// incrementally from the manifest in the output folder, as `almanac build` does. Nothing is
  /// written when the build has errors.
  ///
  /// - Parameter changed: the files that changed since the last build, relative to `root`, as
  ///   the file watcher reports them; empty when unknown.
  public func rebuild(changed: [String] = [], progress: BuildProgress? = nil) -> Outcome {
    let started = Date()
    afterwork.sync {}
    let last = state.withLock { state in
      defer { state = State() }
      return state
    }
    let result: BuildResult
    if let memory = last.memory, let edits = edits(in: changed),
      let rebuilt = Almanac.build(edits: edits, after: memory, progress: progress)
    {
      result = rebuilt
    } else {
      let sources = SourceFiles.read(siteAt: root)
      let previous = BuildManifest.read(fromOutputFolder: output)
      result = Almanac.build(
        consume sources, options: options, previous: previous, progress: progress,
        remembering: true)
    }
    var outcome = Outcome(
      diagnostics: (result.notes + result.diagnostics).sorted(), written: nil,
      pageCount: result.pageCount,
      pagesRendered: result.isIncremental ? result.pagesRendered : nil,
      fromMemory: result.isFromMemory,
      dataFileCount: result.dataFileCount, seconds: 0)
    let writer = OutputWriter(folder: output, siteRoot: root)
    if result.succeeded {
      do {
        outcome.written = try writer.writeWithoutManifest(result)
        state.withLock { $0.memory = result.memory }
      } catch {
        outcome.diagnostics = (outcome.diagnostics + [error.diagnostic]).sorted()
      }
    }
    outcome.seconds = Date().timeIntervalSince(started)
    // The pages are in place and the outcome can be shown; the manifest follows. A build that
    // starts before it is written finds none and builds in full, and one that can't be written
    // leaves none, which the next build reports when it can't write either.
    let manifest = outcome.written == nil || result.isUpToDate ? nil : result.manifest
    afterwork.async { [self, last] in
      // The records stay a cache of encoded JSON, whether or not this manifest is written.
      var records: BuildManifest.EncodedRecords? = last.records
      if let manifest { try? writer.writeManifest(manifest, reusing: &records) }
      if let records { state.withLock { $0.records = records } }
    }
    return outcome
  }

  /// Waits until the last rebuild's manifest is written; call it before the process exits.
  public func finishWriting() {
    afterwork.sync {}
  }

  /// The new contents of `paths` when each is the Markdown file of a page, read the way the
  /// sources are; nil when any isn't, or can't be read.
  private func edits(in paths: [String]) -> [String: Data]? {
    guard !paths.isEmpty else { return nil }
    var edits: [String: Data] = [:]
    for path in paths {
      guard path.hasPrefix(SourceFiles.contentFolder),
        path.hasSuffix(SourceFiles.markdownExtension),
        !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }),
        FileSystem.isRegularFile(root.path + "/" + path),
        let data = FileSystem.contents(of: root.path + "/" + path)
      else { return nil }
      edits[path] = data
    }
    return edits
  }
}

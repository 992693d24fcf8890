import Foundation

/// One file of the built site.
public struct OutputFile: Sendable, Equatable {
  /// The path inside the output folder, such as `articles/rollout/index.html`.
  public var path: String
  /// The file's bytes; empty for a copy of a large file (`copyOf`).
  public var contents: Data
  /// A large source file that is copied as it is when the site is written, a chunk at a time,
  /// rather than held in memory.
  public var copyOf: URL?

  public init(path: String, contents: Data) {
    self.path = path
    self.contents = contents
  }

  /// A copy of a large file on disk.
  public init(path: String, copyOf source: URL) {
    self.path = path
    contents = Data()
    copyOf = source
  }
}

/// What a build produced, in memory: nothing is written until the caller decides to.
public struct BuildResult: Sendable {
  /// The output files to write, sorted by path; empty when the build has errors. A full build
  /// holds every file; an incremental one only those that may have changed.
  public var files: [OutputFile]
  /// Output files an incremental build found unchanged, to be left as they are.
  public var keptFiles: [String] = []
  /// Output files already handed to the staging area the build was given.
  public var stagedFiles: [String] = []
  /// Errors and warnings, sorted by location.
  public var diagnostics: [Diagnostic]
  /// HTML pages rendered, including tag pages and the 404 page.
  public var pageCount: Int
  /// Data files loaded from `Content/data/`, and the rows they hold.
  public var dataFileCount: Int
  public var dataRowCount = 0
  /// How long each stage took, in order.
  public var timings: [StageTiming] = []
  /// Every link to another site, with where it was written, for `almanac check --external`.
  public var externalLinks: [ExternalLink] = []
  /// What the next build needs to build incrementally; nil when the build has errors.
  public var manifest: BuildManifest?
  /// Whether the build reused a previous build's output (see `Almanac.build(previous:)`).
  public var isIncremental = false
  /// Whether nothing changed since the previous build, whose output and manifest stand as
  /// they are.
  public var isUpToDate = false
  /// Pages an incremental build rendered again, and why.
  public var rebuilt: [Rebuild] = []
  /// Computed values that differ from the previous build's, page by page.
  public var figureChanges: [FigureChange] = []
  /// Information that needs no action, such as why a build could not be incremental.
  public var notes: [Diagnostic] = []
  /// What the next build in this process can start from; only kept when asked for.
  var memory: BuildMemory?
  /// Whether the build started from the last one's memory (`Almanac.build(edits:after:)`).
  public internal(set) var isFromMemory = false

  public var succeeded: Bool { !diagnostics.hasErrors }

  /// How many pages were rendered: every page in a full build, the changed ones otherwise.
  public var pagesRendered: Int {
    isIncremental ? rebuilt.filter { $0.page != AtomFeed.path }.count : pageCount
  }

  /// The file at `path`, as text; nil when the build made no such file.
  public func text(at path: String) -> String? {
    files.first { $0.path == path }.map { String(decoding: $0.contents, as: UTF8.self) }
  }

  /// Takes in what rendering and checking produced, as every build that gets that far does.
  mutating func add(_ rendering: SiteRenderer.Rendering, checked outcome: SiteCheck.Outcome) {
    diagnostics += outcome.diagnostics
    diagnostics.sort()
    externalLinks = outcome.externalLinks
    files = rendering.files
    rebuilt = rendering.rebuilt.sorted { $0.page < $1.page }
    figureChanges = rendering.figureChanges.sorted { $0.page < $1.page }
  }

  /// The result of a build that stopped: its problems, sorted, and no files.
  func failed() -> BuildResult {
    var result = self
    result.files = []
    result.keptFiles = []
    result.stagedFiles = []
    result.manifest = nil
    result.memory = nil
    result.rebuilt = []
    result.figureChanges = []
    result.pageCount = 0
    result.diagnostics.sort()
    return result
  }
}

/// The time one stage of a build took.
public struct StageTiming: Sendable, Equatable {
  public var stage: String
  public var seconds: Double
}

/// A link to another site, found in a built page.
public struct ExternalLink: Sendable, Equatable {
  public var url: String
  /// Where the link was written (the first place, when it appears on several pages).
  public var location: SourceLocation?
}

/// Measures the stages of a build, one after another.
struct StageClock {
  private var last = ContinuousClock.now

  mutating func lap(_ stage: String) -> StageTiming {
    let now = ContinuousClock.now
    let elapsed = now - last
    last = now
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return StageTiming(stage: stage, seconds: seconds)
  }
}

/// Reports progress while pages render: how many are done out of how many in all.
public typealias BuildProgress = @Sendable (_ completed: Int, _ total: Int) -> Void

import Foundation

/// One file of the built site.
public struct OutputFile: Sendable, Equatable {
  /// The path inside the output folder, such as `articles/rollout/index.html`.
  public var path: String
  public var contents: Data

  public init(path: String, contents: Data) {
    self.path = path
    self.contents = contents
  }
}

/// What a build produced, in memory: nothing is written until the caller decides to.
public struct BuildResult: Sendable {
  /// Every output file, sorted by path; empty when the build has errors.
  public var files: [OutputFile]
  /// Errors and warnings, sorted by location.
  public var diagnostics: [Diagnostic]
  /// HTML pages rendered, including tag pages and the 404 page.
  public var pageCount: Int
  /// Files in `Content/data/`.
  public var dataFileCount: Int

  public var succeeded: Bool { !diagnostics.hasErrors }

  /// The file at `path`, as text; nil when the build made no such file.
  public func text(at path: String) -> String? {
    files.first { $0.path == path }.map { String(decoding: $0.contents, as: UTF8.self) }
  }
}

/// Reports progress while pages render: how many are done out of how many in all.
public typealias BuildProgress = @Sendable (_ completed: Int, _ total: Int) -> Void

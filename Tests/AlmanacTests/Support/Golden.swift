import Foundation
import Testing

@testable import Almanac

/// Golden files: expected outputs kept in the repository and compared byte for byte.
///
/// Set `ALMANAC_RECORD=1` to rewrite them from the current output instead
/// (`ALMANAC_RECORD=1 swift test`), then review the change with `git diff`.
enum Golden {
  static var isRecording: Bool { ProcessInfo.processInfo.environment["ALMANAC_RECORD"] == "1" }

  static func folder(_ name: String) -> URL {
    TestSite.repositoryRoot.appendingPathComponent("Tests/AlmanacTests/Fixtures/\(name)")
  }

  /// Compares a whole built site with the golden folder `name` under Fixtures/.
  static func check(
    _ files: [OutputFile], against name: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    try check(files, in: folder(name), sourceLocation: sourceLocation)
  }

  /// Compares files with the golden folder at `folder`.
  static func check(
    _ files: [OutputFile], in folder: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    let name = folder.lastPathComponent
    if isRecording {
      try? FileManager.default.removeItem(at: folder)
      for file in files {
        let url = folder.appendingPathComponent(file.path)
        try FileManager.default.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try file.contents.write(to: url)
      }
      return
    }
    let expectedPaths = try recordedPaths(in: folder)
    #expect(
      files.map(\.path) == expectedPaths,
      "file list differs from \(name); see Support/Golden.swift", sourceLocation: sourceLocation)
    for file in files where expectedPaths.contains(file.path) {
      let expected = try Data(contentsOf: folder.appendingPathComponent(file.path))
      guard expected != file.contents else { continue }
      let difference = firstDifference(expected, file.contents)
      Issue.record(
        Comment(
          rawValue: "\(name)/\(file.path) differs from its golden file: \(difference); "
            + "re-record with ALMANAC_RECORD=1 if the change is intended"),
        sourceLocation: sourceLocation)
    }
  }

  private static func recordedPaths(in folder: URL) throws -> [String] {
    guard
      let walker = FileManager.default.enumerator(
        at: folder, includingPropertiesForKeys: [.isRegularFileKey])
    else { return [] }
    var paths: [String] = []
    let prefix = folder.standardizedFileURL.path.count + 1
    while let url = walker.nextObject() as? URL {
      if try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true {
        paths.append(String(url.standardizedFileURL.path.dropFirst(prefix)))
      }
    }
    return paths.sorted()
  }

  private static func firstDifference(_ expected: Data, _ actual: Data) -> String {
    let expectedLines = String(decoding: expected, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false)
    let actualLines = String(decoding: actual, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false)
    for (index, (want, got)) in zip(expectedLines, actualLines).enumerated() where want != got {
      return "line \(index + 1): expected \"\(want)\", got \"\(got)\""
    }
    return "expected \(expectedLines.count) lines, got \(actualLines.count)"
  }
}

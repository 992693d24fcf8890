import Foundation
import Testing

@testable import Almanac

/// A whole site on disk, built with the built-in theme and compared with golden output.
/// Re-record with `ALMANAC_RECORD=1 swift test --filter FixtureSiteTests`.
@Suite struct FixtureSiteTests {
  static let siteFolder = Golden.folder("site")

  static func build(_ options: BuildOptions = BuildOptions()) -> BuildResult {
    Almanac.build(SourceFiles.read(siteAt: siteFolder), options: options)
  }

  @Test func matchesGoldenOutput() throws {
    let result = Self.build()
    #expect(TestSite.messages(result) == [])
    try Golden.check(result.files, against: "site.golden")
  }

  @Test func buildsAreByteIdentical() {
    let first = Self.build()
    let second = Self.build()
    #expect(first.files == second.files)
  }

  @Test func draftsBuildOnlyWhenAskedFor() {
    #expect(Self.build().text(at: "articles/draft/index.html") == nil)
    #expect(
      Self.build(BuildOptions(includeDrafts: true)).text(at: "articles/draft/index.html") != nil)
  }

  /// Every link and asset reference in the built site resolves, at the root and under a sub-path.
  @Test(arguments: ["https://fixture.example.org/", "https://example.org/pr-123/"])
  func everyInternalLinkResolves(baseURL: String) throws {
    let result = Self.build(BuildOptions(baseURL: baseURL))
    #expect(TestSite.messages(result) == [])
    let basePath = Site.basePath(of: baseURL)
    let paths = Set(result.files.map(\.path))
    var checked = 0
    for file in result.files where file.path.hasSuffix(".html") {
      let html = String(decoding: file.contents, as: UTF8.self)
      for reference in LinkChecker.references(in: html) {
        guard let target = LinkChecker.resolve(reference, from: file.path, basePath: basePath)
        else { continue }
        checked += 1
        #expect(
          paths.contains(target), "\(file.path) links to \(reference), which is not in the output")
      }
      for reference in LinkChecker.references(in: html) where reference.hasPrefix("/") {
        #expect(
          reference.hasPrefix(basePath),
          "\(file.path): \(reference) ignores the base path \(basePath)")
      }
    }
    #expect(checked > 50)
    let sitemap = try #require(result.text(at: "sitemap.xml"))
    #expect(sitemap.contains("<loc>\(baseURL)articles/first/</loc>"))
  }
}

/// Finds `href` and `src` values in HTML and maps internal ones to output files.
enum LinkChecker {
  static func references(in html: String) -> [String] {
    let pattern = #/(?:href|src)="([^"]*)"/#
    return html.matches(of: pattern).map { String($0.output.1) }
  }

  /// The output file a reference points to, or nil for external links and bare fragments.
  static func resolve(_ reference: String, from page: String, basePath: String) -> String? {
    var target = reference.replacingOccurrences(of: "&amp;", with: "&")
    if let hash = target.firstIndex(of: "#") { target = String(target[..<hash]) }
    if target.isEmpty || target.contains("://") || target.hasPrefix("//")
      || target.hasPrefix("mailto:")
    {
      return nil
    }
    var components: [Substring]
    if target.hasPrefix("/") {
      guard target.hasPrefix(basePath) else { return "outside-base-path\(target)" }
      components = target.dropFirst(basePath.count).split(
        separator: "/", omittingEmptySubsequences: false)
    } else {
      components =
        page.split(separator: "/").dropLast()
        + target.split(separator: "/", omittingEmptySubsequences: false)
    }
    var resolved: [Substring] = []
    for component in components {
      if component == ".." {
        _ = resolved.popLast()
      } else if component != "." {
        resolved.append(component)
      }
    }
    let path = resolved.joined(separator: "/")
    return path.isEmpty || path.hasSuffix("/") ? path + "index.html" : path
  }
}

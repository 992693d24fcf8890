import Foundation
import Testing

@testable import Almanac

/// Each check fires on a broken site and stays silent on a clean one.
@Suite struct CheckTests {
  /// A site with no problem for any check to find.
  static let clean: [String: String] = [
    "Content/index.md":
      "---\ntitle: Home\n---\nRead [the article](a/) and [its second part](a/#part-two).\n",
    "Content/a.md": """
    ---
    title: An article
    summary: About things.
    ---
    ![A chart](/images/x.svg)

    ## Part two

    The [data](../data/t.csv) and the [home page](/).
    """,
    "Content/images/x.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    "Content/data/t.csv": "a\n1\n",
  ]

  func warnings(_ changes: [String: String?]) -> [String] {
    var files = Self.clean
    for (path, text) in changes { files[path] = text }
    return TestSite.build(files.compactMapValues { $0 }).diagnostics.map { $0.formatted() }
  }

  @Test func linksResolveAsTheBrowserResolvesThem() {
    func resolve(_ url: String, from page: String = "a/b/index.html", base: String = "/pr/")
      -> LinkTarget?
    {
      LinkTarget.resolve(url, from: page, basePath: base)
    }
    #expect(resolve("../c/") == .internal(path: "a/c/index.html", fragment: nil))
    #expect(resolve("../../x.png?v=2") == .internal(path: "x.png", fragment: nil))
    #expect(resolve("../../../x") == .outsideSite)
    #expect(resolve("/pr/d/e/#f%C3%A9") == .internal(path: "d/e/index.html", fragment: "fé"))
    #expect(resolve("/pr") == .internal(path: "index.html", fragment: nil))
    #expect(resolve("/other/") == .outsideSite)
    #expect(resolve("#top") == .internal(path: "a/b/index.html", fragment: "top"))
    #expect(resolve("caf%C3%A9.csv") == .internal(path: "a/b/café.csv", fragment: nil))
    #expect(resolve("") == nil)
    for external in ["MAILTO:x@y.z", "//cdn.example/x.js", "HTTPS://e.org/", "tel:1", "data:,x"] {
      #expect(resolve(external) == .external(external))
    }
  }

  /// Link resolution works on bytes; the `String` version it replaced is the oracle.
  @Test("links resolve as the String-based resolver did, on random links", arguments: 1...3)
  func linksResolveAsBefore(seed: UInt64) {
    var generator = SeededGenerator(seed: seed)
    let pieces = [
      "a", "b", "..", ".", "/", "//", "#", "?", "%20", "%C3%A9", "é", ":", "x.png", "index.html",
      "HTTPS://", "mailto:", "pr", "", "%zz",
    ]
    for _ in 0..<3_000 {
      let url = generator.text(from: pieces, count: 0...6)
      let page = ["index.html", "a/b/index.html", "pr/x/y.html", "404.html", "a//b/", "/c/d"]
        .randomElement(using: &generator)!
      let base = ["/", "/pr/", "/a/b/"].randomElement(using: &generator)!
      #expect(
        LinkTarget.resolve(url, from: page, basePath: base)
          == Self.referenceResolve(url, from: page, basePath: base),
        "\(url) from \(page) under \(base)")
    }
  }

  static func referenceResolve(_ url: String, from page: String, basePath: String) -> LinkTarget? {
    func components(_ path: Substring, omittingEmpty: Bool) -> [Substring] {
      path.split(separator: "/", omittingEmptySubsequences: omittingEmpty)
    }
    func decoded(_ text: String) -> String? {
      text.contains("%") ? text.removingPercentEncoding : text
    }
    var target = url
    var fragment: String?
    if let hash = target.firstIndex(of: "#") {
      fragment = decoded(String(target[target.index(after: hash)...]))
      target = String(target[..<hash])
    }
    if let query = target.firstIndex(of: "?") { target = String(target[..<query]) }
    let lowered = target.lowercased()
    if target.hasPrefix("//") || lowered.contains("://")
      || ["mailto:", "tel:", "data:", "javascript:"].contains(where: lowered.hasPrefix)
    {
      return .external(url)
    }
    if target.isEmpty { return fragment == nil ? nil : .internal(path: page, fragment: fragment) }
    var parts: [Substring]
    if target.hasPrefix("/") {
      guard target.hasPrefix(basePath) || target + "/" == basePath else { return .outsideSite }
      parts = components(target.dropFirst(min(basePath.count, target.count)), omittingEmpty: false)
    } else {
      parts =
        components(page[...], omittingEmpty: true).dropLast()
        + components(target[...], omittingEmpty: false)
    }
    var resolved: [Substring] = []
    for part in parts {
      if part == ".." {
        guard !resolved.isEmpty else { return .outsideSite }
        resolved.removeLast()
      } else if part != "." {
        resolved.append(part)
      }
    }
    let joined = resolved.joined(separator: "/")
    let path = decoded(joined) ?? joined
    let file = path.isEmpty || path.hasSuffix("/") ? path + "index.html" : path
    return .internal(
      path: file.hasPrefix("/") ? String(file.dropFirst()) : file, fragment: fragment)
  }

  @Test func webAddressesAreHTTPInAnyCase() {
    for url in ["http://e.org", "HTTPS://e.org/x", "HtTp://", "https://"] {
      #expect(Provenance.isWebAddress(url), "\(url)")
    }
    for url in ["", "http:/e.org", "ftp://e.org", "/http://e.org", "http\u{1A}//", "https"] {
      #expect(!Provenance.isWebAddress(url), "\(url)")
    }
  }

  @Test func aCleanSiteHasNothingToReport() {
    #expect(warnings([:]) == [])
  }

  @Test func brokenLinksFragmentsAndAssetsAreLocatedInTheMarkdown() {
    #expect(
      warnings([
        "Content/b.md": """
        ---
        title: B
        summary: Links.
        ---
        See [nothing](../nowhere/), [a typo](../a/#part-tow) and
        ![gone](/images/gone.png) or [out](/../up/).
        """
      ]) == [
        "Content/b.md:5:15: warning: link to \"../nowhere/\" leads to no page of the site; fix the path or add the page",
        "Content/b.md:5:38: warning: /a/ has no element with id \"part-tow\" (did you mean \"#part-two\"?)",
        "Content/b.md:6:9: warning: \"/images/gone.png\" is not in the site; add the file under Content/ or fix the path",
        "Content/b.md:6:36: warning: \"/../up/\" leaves the site, which is served under /; write the link relative to the page or as /path/ in Markdown",
      ])
  }

  @Test func brokenLinksInTemplatesPointAtTheTemplate() {
    var templates = TestSite.templates
    templates["Templates/article.html"] =
      "{{<base}}{{$main}}<a href=\"{{site.root}}missing/\">x</a>{{{page.content}}}{{/main}}{{/base}}"
    var files = Self.clean
    files.merge(templates) { $1 }
    let messages = TestSite.build(files).diagnostics.map { $0.formatted() }
    #expect(
      messages.contains(
        "Content/a.md: warning: link to \"/missing/\" leads to no page of the site; fix the path or add the page"
      ))
  }

  @Test func provenanceLinksToTheSiteAreChecked() {
    #expect(
      warnings([
        "Content/data/t.schema.yml": "source: {name: Our method, url: /method/}\n",
        "Content/a.md": Self.clean["Content/a.md"]! + "\n\n```table\ndata: t\n```\n",
      ]) == [
        "Content/a.md: warning: link to \"/method/\" leads to no page of the site; fix the path or add the page"
      ])
  }

  @Test func repeatedIdsAreReported() {
    #expect(
      warnings([
        "Content/a.md": Self.clean["Content/a.md"]!
          + "\n\n## Part two\n\n<p id=\"part-two-1\">x</p>\n"
      ]) == [
        "Content/a.md:13:4: warning: id \"part-two-1\" appears more than once on this page, so links to it are ambiguous; rename one"
      ])
  }

  @Test func pagesNeedATitleAndASummary() {
    #expect(
      warnings(["Content/b.md": "## Only a heading\n"]) == [
        "Content/b.md:1:1: warning: page has no summary for lists, feeds and search results; add `summary:` or an opening paragraph",
        "Content/b.md:1:1: warning: page has no title, so lists and search results show its file name; add `title:`",
      ])
  }

  @Test func unusedFilesAreReportedButDataThatQueriesReadIsNot() {
    let used = warnings([
      "Content/unused.txt": "x",
      "Content/data/u.csv": "b\n2\n",
      "Content/queries/total.sql": "SELECT sum(b) AS total FROM u",
      "Content/a.md": Self.clean["Content/a.md"]! + "\n\nTotal: `=total.total`.\n",
    ])
    #expect(
      used == [
        "Content/unused.txt: warning: no page links to this file and no query reads it; link it, use it, or remove it"
      ])
  }

  @Test func chartColoursWithoutContrastAreReported() {
    var files = Self.clean
    files["Templates/static/style.css"] =
      ":root { --bg: #ffffff; }\n.chart { --chart-1: #eeeeee; --chart-2: #0072b2; }\n"
    let messages = TestSite.build(files).diagnostics.map { $0.formatted() }
    #expect(
      messages == [
        "Templates/static/style.css: warning: --chart-1 #eeeeee has contrast 1.16:1 against the light background #ffffff; chart marks need 3:1, so darken or lighten it"
      ])
  }

  @Test func futurePagesWaitForTheirDate() throws {
    let today = try #require(PageDate(parsing: "2026-11-29"))
    let files = Self.clean.merging([
      "Content/later.md": "---\ntitle: Later\nsummary: Soon.\ndate: 2026-11-30\n---\n"
    ]) { $1 }
    #expect(
      TestSite.build(files, options: BuildOptions(today: today)).text(at: "later/index.html") == nil
    )
    #expect(
      TestSite.build(files, options: BuildOptions(includeFuture: true, today: today)).text(
        at: "later/index.html") != nil)
    let onTheDay = try #require(PageDate(parsing: "2026-11-30"))
    #expect(
      TestSite.build(files, options: BuildOptions(today: onTheDay)).text(at: "later/index.html")
        != nil)
  }

  @Test func relativeURLsWorkFromAnyFolder() throws {
    let result = Almanac.build(
      SourceFiles.read(siteAt: FixtureSiteTests.siteFolder),
      options: BuildOptions(baseURL: "https://example.org/pr-9/", relativeURLs: true))
    #expect(result.diagnostics.filter(\.isError) == [])
    let paths = Set(result.files.map(\.path))
    var checked = 0
    for file in result.files where file.path.hasSuffix(".html") {
      for reference in HTMLScan.attributes(in: file.contents).references
      where !reference.contains("://") && !reference.hasPrefix("#") {
        #expect(!reference.hasPrefix("/"), "\(file.path): \(reference) is not relative")
        guard
          case .internal(let target, _)? = LinkTarget.resolve(
            reference, from: file.path, basePath: "/pr-9/")
        else { continue }
        // From file://, a folder doesn't open its index.html: links must name the file.
        #expect(
          !reference.split(separator: "#").first.map { $0.hasSuffix("/") }!,
          "\(file.path): \(reference)")
        #expect(paths.contains(target), "\(file.path): \(reference)")
        checked += 1
      }
    }
    #expect(checked > 50)
  }

  @Test func gitHubAnnotationsAreWorkflowCommands() {
    let located = Diagnostic(
      .error, "bad: 50% of \"x\"\nnext",
      at: SourceLocation(file: "Content/a,b.md", line: 3, column: 7))
    #expect(
      located.formattedForGitHub()
        == "::error file=Content/a%2Cb.md,line=3,col=7::bad: 50%25 of \"x\"%0Anext")
    #expect(
      Diagnostic(.warning, "w", at: SourceLocation(file: "Content/x.md")).formattedForGitHub()
        == "::warning file=Content/x.md::w")
    #expect(
      Diagnostic(.error, "no location", at: nil).formattedForGitHub() == "::error::no location")
  }

  @Test func theReportMatchesItsSchema() throws {
    let schemaURL = TestSite.repositoryRoot.appendingPathComponent("docs/build-report.schema.json")
    let schema = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL)) as? [String: Any])
    var files = Self.clean
    files["Content/unused.txt"] = "x"
    let result = TestSite.build(files)
    let report = BuildReport(
      command: "build", result: result,
      output: BuildReport.Written(folder: "Output", written: 3, unchanged: 1, removed: 0),
      writeSeconds: 0.002)
    let json = try JSONSerialization.jsonObject(with: report.json())
    #expect(JSONSchema.problems(json, against: schema) == [])
    let object = try #require(json as? [String: Any])
    #expect(
      (object["timings"] as? [[String: Any]])?.map { $0["stage"] as? String } == [
        "load", "compute", "render", "check", "write",
      ])
    #expect((object["counts"] as? [String: Any])?["warnings"] as? Int == 1)

    // The validator itself catches what the schema forbids.
    var broken = object
    broken["surprise"] = true
    broken["counts"] = ["pages": -1]
    #expect(JSONSchema.problems(broken, against: schema).count >= 7)
  }
}

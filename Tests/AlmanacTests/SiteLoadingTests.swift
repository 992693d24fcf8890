import Foundation
import Testing

@testable import Almanac

@Suite struct SiteLoadingTests {
  /// Folder entries are named exactly, for names of every length up to the system's limit.
  @Test func folderEntriesKeepTheirNames() throws {
    let site = try TemporarySite()
    defer { site.remove() }
    let names = Set((1...250).map { String(repeating: "é", count: $0 / 2) + String($0) })
    for name in names { try site.write(name, "") }
    let entries = try #require(FileSystem.entries(of: site.path))
    #expect(Set(entries.map(\.name)) == names)
    #expect(entries.allSatisfy { $0.kind == .file })
  }

  /// Sources are read with `readdir` and plain reads: a named pipe is reported as unreadable
  /// instead of waited on, and files below nested folders are all found.
  @Test func readingSourcesRefusesPipesAndFindsNestedFiles() throws {
    let site = try TemporarySite([
      "Content/index.md": "# Home\n", "Content/a/b/c.md": "# C\n", "Templates/x.html": "x",
    ])
    defer { site.remove() }
    #expect(mkfifo(site.url("Content/pipe.md").path, 0o644) == 0)
    let sources = SourceFiles.read(siteAt: site.root)
    #expect(
      Set(sources.files.keys) == ["Content/index.md", "Content/a/b/c.md", "Templates/x.html"])
    #expect(sources.diagnostics.map { $0.formatted() }.contains { $0.hasPrefix("Content/pipe.md") })
  }

  @Test func mapsFilesToPrettyURLs() {
    let result = TestSite.build([
      "Content/index.md": "---\ntitle: Home\n---\n",
      "Content/articles/index.md": "---\ntitle: Articles\n---\n",
      "Content/articles/who-was-removed.md": "---\ntitle: Who\n---\n",
      "Content/articles/deep/nested.md": "---\ntitle: Nested\nslug: renamed\n---\n",
      "Content/about.md": "---\ntitle: About\n---\n",
      "Content/data/table.csv": "a,b\n1,2\n",
      "Content/images/logo.svg": "<svg/>",
    ])
    #expect(TestSite.errors(result) == [])
    #expect(
      result.files.map(\.path) == [
        "about/index.html", "articles/deep/renamed/index.html", "articles/index.html",
        "articles/who-was-removed/index.html", "data/table.csv", "feed.xml", "images/logo.svg",
        "index.html",
        "sitemap.xml",
      ])
    #expect(result.dataFileCount == 1)
  }

  @Test func sectionsListTheirPagesByWeightThenDate() {
    let result = TestSite.build([
      "Content/articles/index.md": "---\ntitle: Articles\n---\n",
      "Content/articles/a.md": "---\ntitle: A\nweight: 2\n---\n",
      "Content/articles/b.md": "---\ntitle: B\nweight: 1\ndate: 2020-01-01\n---\n",
      "Content/articles/c.md": "---\ntitle: C\nweight: 1\ndate: 2021-01-01\n---\n",
      "Content/top.md": "---\ntitle: Top\n---\n",
    ])
    #expect(
      result.text(at: "articles/index.html")
        == "<title>Articles</title>\n<a href=\"/articles/c/\">C</a>\n<a href=\"/articles/b/\">B</a>\n"
        + "<a href=\"/articles/a/\">A</a>\n\n")
    // Without Content/index.md the home page is made for the site and lists top-level pages.
    #expect(
      result.text(at: "index.html")
        == "<title>Test site</title>\n<a href=\"/articles/\">Articles</a>\n<a href=\"/top/\">Top</a>\n\n"
    )
  }

  @Test func twoPagesClaimingOneURLAreAnErrorNamingBoth() {
    let result = TestSite.build([
      "Content/a.md": "---\ntitle: A\n---\n",
      "Content/b.md": "---\ntitle: B\nslug: a\n---\n",
      "Content/a/index.html": "<p>static</p>",
    ])
    #expect(
      TestSite.messages(result) == [
        "Content/a/index.html: error: \"a/index.html\" is also produced by Content/a.md; "
          + "rename one of them or give one a different slug",
        "Content/b.md: error: \"a/index.html\" is also produced by Content/a.md; "
          + "rename one of them or give one a different slug",
      ])
    #expect(result.files.isEmpty)
  }

  @Test func draftsAreSkippedUnlessAskedFor() {
    let files = ["Content/wip.md": "---\ntitle: WIP\ndraft: true\n---\n"]
    #expect(TestSite.build(files).text(at: "wip/index.html") == nil)
    let withDrafts = TestSite.build(files, options: BuildOptions(includeDrafts: true))
    #expect(withDrafts.text(at: "wip/index.html") != nil)
  }

  @Test func tagsGetPagesAndAnIndex() {
    let result = TestSite.build([
      "Content/a.md": "---\ntitle: A\ntags: [Removals, data]\ndate: 2020-01-01\n---\n",
      "Content/b.md": "---\ntitle: B\ntags: [removals]\ndate: 2021-01-01\n---\n",
    ])
    #expect(result.text(at: "tags/removals/index.html") == "<title>Removals</title>\nB\nA\n\n")
    #expect(result.text(at: "tags/index.html") == "<title>Tags</title>\ndata:1\nRemovals:2\n\n")
  }

  @Test func allErrorsAreCollectedAcrossFiles() {
    let result = TestSite.build([
      "Content/site.yml": "title: T\ntitel: typo\nmarkdown: {smart: yes, unsafe: 1}\n",
      "Content/a.md": "---\ntitle: A\ndate: 2013-02-30\n---\n",
      "Content/b.md": "---\ntitle: B\nlayout: artcle\n---\n",
      "Content/c.md": "---\ntitle: [C\n---\n",
      "Content/d.md": "---\n",
    ])
    #expect(
      TestSite.messages(result) == [
        "Content/a.md:3:7: error: \"2013-02-30\" is not a valid date; write a real date as YYYY-MM-DD, such as 2013-02-28",
        "Content/b.md:3:9: error: layout \"artcle\" not found (did you mean \"article\"?)",
        "Content/c.md:3:1: error: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence; fix the syntax on this line",
        "Content/d.md:1:1: error: front matter starts with `---` but never ends; add a `---` line after its last key",
        "Content/site.yml:2:1: error: unknown key \"titel\" in site.yml (did you mean \"title\"?)",
        "Content/site.yml:3:32: error: \"markdown.unsafe\" must be true or false, not an integer",
      ])
  }

  @Test func invalidUTF8IsLocated() {
    var sources = TestSite.sources([:])
    sources.files["Content/bad.md"] =
      Data("---\ntitle: A\n---\nfiné\nbad ".utf8) + Data([0xFF, 0x41])
    let result = Almanac.build(sources)
    #expect(
      TestSite.messages(result) == [
        "Content/bad.md:5:5: error: file is not valid UTF-8 here; save it with UTF-8 encoding"
      ])
  }

  @Test func missingSiteConfigIsAnError() {
    var sources = TestSite.sources(["Content/a.md": "# A"])
    sources.files["Content/site.yml"] = nil
    #expect(
      TestSite.messages(Almanac.build(sources)) == [
        "Content/site.yml: error: site settings not found; create Content/site.yml with at least a `title:` line"
      ])
  }

  @Test func baseURLSetsPermalinksAndLinkPrefixes() {
    let result = TestSite.build(
      ["Content/a.md": "---\ntitle: A\ndate: 2020-01-01\n---\nSee [home](/).\n"],
      options: BuildOptions(baseURL: "https://example.org/pr-7"))
    #expect(result.text(at: "a/index.html")?.contains("<a href=\"/pr-7/\">home</a>") == true)
    #expect(result.text(at: "index.html")?.contains("href=\"/pr-7/a/\"") == true)
    #expect(
      result.text(at: "sitemap.xml")?.contains("<loc>https://example.org/pr-7/a/</loc>") == true)
    #expect(result.text(at: "feed.xml")?.contains("<id>https://example.org/pr-7/a/</id>") == true)
  }

  @Test func frontMatterValuesAreEscapedInTemplates() {
    let result = TestSite.build([
      "Content/a.md": "---\ntitle: \"<script>alert(1)</script> & \\\"x\\\"\"\n---\n"
    ])
    #expect(
      result.text(at: "a/index.html")?.hasPrefix(
        "<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;</title>") == true)
  }
}

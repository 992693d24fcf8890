import Foundation
import Testing

@testable import Almanac

@Suite struct TemplateTests {
  @Test func syntaxErrorsAreLocatedInTheTemplate() {
    var templates = TestSite.templates
    templates["Templates/article.html"] = "<main>\n  {{#page.tags}}{{name}}{{/page.tag}}\n</main>\n"
    let result = Almanac.build(TestSite.sources(["Content/a.md": "# A"], templates: templates))
    #expect(
      TestSite.messages(result) == [
        "Templates/article.html:2:28: error: this closing tag doesn't match the section it closes; check the name after `{{/`"
      ])
  }

  @Test func missingPartialsAreFoundBeforeRendering() {
    var templates = TestSite.templates
    templates["Templates/partials/header.html"] = "<header>{{site.title}}</header>"
    templates["Templates/article.html"] = "{{> heder}}\n{{> footer}}\n"
    let result = Almanac.build(TestSite.sources(["Content/a.md": "# A"], templates: templates))
    #expect(
      TestSite.messages(result) == [
        "Templates/article.html:1:1: error: template \"heder\" not found (did you mean \"header\"?)",
        "Templates/article.html:2:1: error: template \"footer\" not found (add Templates/partials/footer.html)",
      ])
  }

  @Test func aMissingDefaultLayoutIsAnError() {
    var templates = TestSite.templates
    templates["Templates/article.html"] = nil
    let result = Almanac.build(TestSite.sources(["Content/a.md": "# A"], templates: templates))
    #expect(
      TestSite.messages(result) == [
        "Content/a.md:1:1: error: layout \"article\" not found (add Templates/article.html or use one of "
          + "\"base\", \"home\", \"section\", \"tag\", \"tags\")"
      ])
  }

  @Test("typed maps and lists fingerprint as the same values seen as Any")
  func fingerprintsDependOnValuesNotTypes() {
    let tags: [[String: String]] = [["name": "Data", "slug": "data"], ["name": "É", "slug": "e"]]
    let general: [Any] = tags.map { $0 as [String: Any] }
    #expect(TemplateContext.fingerprint(tags) == TemplateContext.fingerprint(general))
    #expect(
      TemplateContext.fingerprint(["a": "x", "b": "y"] as [String: String])
        == TemplateContext.fingerprint(["b": "y", "a": "x"] as [String: Any]))
    let summary: [[String: Any]] = [["title": "T", "weight": 2, "tags": tags]]
    #expect(
      TemplateContext.fingerprint(summary)
        == TemplateContext.fingerprint(summary.map { $0 as Any } as [Any]))
    #expect(
      TemplateContext.fingerprint(["a": "1"] as [String: String])
        != TemplateContext.fingerprint(["a": 1] as [String: Any]))
  }

  @Test func pageContextHasDatesTocTagsAndParams() {
    var templates = TestSite.templates
    templates["Templates/article.html"] = """
      {{page.date.iso}}|{{page.date.long}}|{{page.date.short}}|{{page.date.year}}|{{page.date.rfc3339}}
      {{#page.toc}}{{id}}[{{#children}}{{id}} {{/children}}] {{/page.toc}}
      {{#page.tags}}{{name}}={{url}} {{/page.tags}}
      {{page.params.kicker}} {{#page.params.list}}{{.}},{{/page.params.list}} {{page.params.nested.key}}
      {{page.summary}}|{{page.reading_minutes}}|{{page.word_count}}|{{page.section.title}}|{{page.url}}|{{page.permalink}}
      {{site.title}}|{{site.root}}|{{site.feed_url}}|{{#site.pages}}{{title}} {{/site.pages}}
      """
    let page = """
      ---
      title: A
      date: 2013-01-22
      tags: [Data Desk]
      kicker: Explainer
      list: [1, 2]
      nested: {key: value}
      ---
      First paragraph.

      ## One
      ### One.a
      ### One.b
      ## Two
      """
    let result = Almanac.build(
      TestSite.sources(["Content/articles/a.md": page], templates: templates))
    #expect(
      result.text(at: "articles/a/index.html")
        == """
        2013-01-22|January 22, 2013|Jan 22, 2013|2013|2013-01-22T00:00:00Z
        one[onea oneb ] two[] 
        Data Desk=/tags/data-desk/ 
        Explainer 1,2, value
        First paragraph.|1|6|Test site|/articles/a/|https://example.org/articles/a/
        Test site|/|/feed.xml|A 
        """)
  }

  @Test func sitesWithoutTemplatesUseTheBuiltInTheme() {
    var sources = TestSite.sources(["Content/a.md": "---\ntitle: A\n---\nHello."], templates: [:])
    sources.files = sources.files.filter { !$0.key.hasPrefix("Templates/") }
    let result = Almanac.build(sources)
    #expect(TestSite.messages(result) == [])
    #expect(result.text(at: "style.css") != nil)
    #expect(result.text(at: "404.html") != nil)
    #expect(result.text(at: "a/index.html")?.contains("<p>Hello.</p>") == true)
  }

  /// The built-in theme is generated from Templates/ by `make theme`; this fails when it is stale.
  @Test func builtInThemeMatchesTheTemplatesFolder() throws {
    let folder = TestSite.repositoryRoot.appendingPathComponent("Templates")
    let sources = SourceFiles.read(siteAt: TestSite.repositoryRoot)
    let onDisk = sources.files.filter { $0.key.hasPrefix("Templates/") }
    let embedded = Dictionary(
      uniqueKeysWithValues: DefaultTheme.files.map { ("Templates/" + $0.key, $0.value) })
    #expect(FileManager.default.fileExists(atPath: folder.path))
    #expect(onDisk.keys.sorted() == embedded.keys.sorted(), "run `make theme`")
    #expect(onDisk == embedded, "run `make theme` to embed the changed Templates/ files")
  }
}

import Foundation
import Testing

@testable import Almanac

@Suite struct CommonMarkTests {
  let origin = SourceLocation(file: "Content/a.md", line: 5, column: 1)

  func render(_ markdown: String, smart: Bool = true, unsafe: Bool = true, basePath: String = "/")
    -> RenderedMarkdown
  {
    CommonMark.render(
      markdown, at: origin, options: MarkdownOptions(smart: smart, unsafe: unsafe),
      basePath: basePath)
  }

  @Test func headingsGetUniqueIdsAndSelfLinks() {
    let rendered = render("## Who *was* removed?\n\n## Who was removed?\n")
    #expect(rendered.headings.map(\.id) == ["who-was-removed", "who-was-removed-1"])
    #expect(rendered.headings.map(\.title) == ["Who was removed?", "Who was removed?"])
    #expect(
      rendered.html.hasPrefix(
        "<h2 id=\"who-was-removed\">Who <em>was</em> removed? "
          + "<a class=\"anchor\" href=\"#who-was-removed\" aria-label=\"Link to this section\">#</a></h2>\n"
      ))
  }

  @Test func headingsAnywhereGetIdsButRawHTMLHeadingsDont() {
    let rendered = render("<h2>raw</h2>\n\n> ## Quoted ÿ\n\n- # Listed\n\n##\n")
    func anchor(_ id: String) -> String {
      "<a class=\"anchor\" href=\"#\(id)\" aria-label=\"Link to this section\">#</a>"
    }
    #expect(
      rendered.html
        == "<h2>raw</h2>\n<blockquote>\n<h2 id=\"quoted-ÿ\">Quoted ÿ \(anchor("quoted-ÿ"))"
        + "</h2>\n</blockquote>\n<ul>\n<li>\n<h1 id=\"listed\">Listed \(anchor("listed"))</h1>\n"
        + "</li>\n</ul>\n<h2 id=\"section\"> \(anchor("section"))</h2>\n")
  }

  @Test func positionsCountFromTheFileNotTheBody() {
    let rendered = render("Intro.\n\n### Later\n\n```chart\nid: x\n```\n")
    #expect(
      rendered.headings[0].location == SourceLocation(file: "Content/a.md", line: 7, column: 1))
    #expect(
      rendered.directives[0].location == SourceLocation(file: "Content/a.md", line: 9, column: 1))
  }

  @Test func reservedDirectivesAreFoundButRenderAsCodeUntilClaimed() {
    let rendered = render(
      "Removed: `=totals.removed | ,d`.\n\n```table\ndata: x\n```\n\n```swift\nlet x = 1\n```\n")
    #expect(
      rendered.directives.map(\.kind) == [.inlineValue, .block(name: "table")])
    #expect(rendered.directives[0].text == "totals.removed | ,d")
    #expect(rendered.html.contains("<code>=totals.removed | ,d</code>"))
    #expect(rendered.html.contains("<pre><code class=\"language-table\">data: x\n</code></pre>"))
    #expect(rendered.directives[0].location.line == 5)
  }

  @Test func directivesAreReplacedWhenARendererClaimsThem() {
    struct Upper: DirectiveRendering {
      func html(for directive: MarkdownDirective, diagnostics: inout [Diagnostic]) -> String? {
        directive.kind == .inlineValue ? "<b>\(directive.text.uppercased())</b>" : nil
      }
    }
    let rendered = CommonMark.render(
      "A `=x` and `y`.", at: origin, options: MarkdownOptions(unsafe: false), basePath: "/",
      directives: Upper())
    #expect(rendered.html == "<p>A <b>X</b> and <code>y</code>.</p>\n")
  }

  @Test func rootLinksGainTheBasePath() {
    let rendered = render(
      "[a](/articles/x/) [b](../y/) [c](//cdn.example/z) ![i](/img.png)", basePath: "/pr-7/")
    #expect(
      rendered.html
        == "<p><a href=\"/pr-7/articles/x/\">a</a> <a href=\"../y/\">b</a> <a href=\"//cdn.example/z\">c</a> "
        + "<img src=\"/pr-7/img.png\" alt=\"i\" /></p>\n")
  }

  @Test func rawHTMLFollowsTheUnsafeSetting() {
    #expect(render("<aside>Hi</aside>\n").html == "<aside>Hi</aside>\n")
    let safe = render("<aside>Hi</aside>\n\n## Kept\n", unsafe: false)
    #expect(safe.html.hasPrefix("<!-- raw HTML omitted -->\n<h2 id=\"kept\">Kept "))
  }

  @Test func smartPunctuationIsOptional() {
    #expect(render("\"Quotes\" -- and...").html == "<p>“Quotes” – and…</p>\n")
    #expect(
      render("\"Quotes\" -- and...", smart: false).html == "<p>&quot;Quotes&quot; -- and...</p>\n")
  }

  @Test func summaryAndWordCountComeFromTheText() {
    let rendered = render("## Heading\n\nFirst *paragraph*\nhere.\n\nSecond one.\n")
    #expect(rendered.firstParagraph == "First paragraph here.")
    #expect(rendered.wordCount == 6)
  }

  @Test func nulBytesBecomeReplacementCharacters() {
    #expect(render("a\u{0}b").html == "<p>a\u{FFFD}b</p>\n")
  }

  @Test func deepNestingDoesNotCrash() {
    let rendered = render(String(repeating: ">", count: 10_000) + " deep\n")
    #expect(rendered.html.contains("deep"))
  }

  /// With smart punctuation off, the body must be exactly what the `cmark` program prints,
  /// apart from the ids and self-links that headings gain.
  @Test(arguments: try showcaseAndSamplePages())
  func matchesTheCmarkProgram(markdown: String) throws {
    let cmark = try #require(
      Self.cmarkProgram, "the cmark program is missing; run `make test-deps`")
    let expected = try Self.run(cmark, arguments: ["--unsafe"], input: markdown)
    let ours = render(markdown, smart: false).html
    #expect(Self.withoutHeadingDecoration(ours) == expected)
  }

  static let cmarkProgram = ["/usr/bin/cmark", "/usr/local/bin/cmark"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  static func showcaseAndSamplePages() throws -> [String] {
    let content = TestSite.repositoryRoot.appendingPathComponent("Content/articles")
    let pages = try FileManager.default.contentsOfDirectory(atPath: content.path).sorted()
      .filter { $0.hasSuffix(".md") }
      .map {
        try FrontMatter.split(
          String(contentsOf: content.appendingPathComponent($0), encoding: .utf8), file: $0
        ).body
      }
    let sample = """
      Setext heading
      ==============

      * list with `code` and <span>html</span>
      * [link](http://example.org "title") and ![image](a.png)

      > quote with **strong** text\\
      > and a hard break

          indented code

      ```python
      print("fenced")
      ```

      <div class="raw">
      block html
      </div>

      1. one
      2. two &amp; &copy; \u{00E9}

      ## Heading with `code` and [link](#x) ##

      > ### Quoted heading \u{00FF}

      - #### Listed heading

      ##
      """
    return pages + [sample]
  }

  static func withoutHeadingDecoration(_ html: String) -> String {
    html.replacingOccurrences(
      of: #"<h([1-6]) id="[^"]*">"#, with: "<h$1>", options: .regularExpression
    )
    .replacingOccurrences(
      of: ##" <a class="anchor" href="#[^"]*" aria-label="Link to this section">#</a></h([1-6])>"##,
      with: "</h$1>", options: .regularExpression)
  }

  static func run(_ program: String, arguments: [String], input: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    let stdin = Pipe()
    let stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: output, as: UTF8.self)
  }
}

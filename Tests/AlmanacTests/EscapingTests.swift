import Foundation
import Testing

@testable import Almanac

/// Text that tries to break out of every context Almanac writes into, planted in every input a
/// site's data and settings reach: CSV cells and headers, front matter, `site.yml`, schema
/// sidecars, chart and table blocks, and the titles and slugs of generated pages. None of it may
/// come out as markup. Raw HTML that an author writes in Markdown stays allowed (`unsafe: true`
/// is the default); raw HTML never comes from data.
@Suite struct EscapingTests {
  static let script = "<script>alert(1)</script>"
  static let doubleQuote = "\" onmouseover=\"alert(1)"
  static let singleQuote = "' onfocus='x"
  static let closers = "]]> </style> --><!--"
  /// All four, for a YAML value in single quotes (where `'` is written twice).
  static let all = "\(script) \(doubleQuote) \(singleQuote) \(closers)"
  static var yamlAll: String { "'" + all.replacingOccurrences(of: "'", with: "''") + "'" }

  static var files: [String: String] {
    let p = yamlAll
    return [
      "Content/site.yml": """
      title: \(p)
      description: \(p)
      author: \(p)
      base_url: https://example.org/
      """,
      "Content/index.md": "---\ntitle: Home\nsummary: Home.\n---\nHello.\n",
      "Content/data/evil.csv": """
      name,value,link,day
      "\(script)",10,javascript:alert(1),2020-01-01
      \"\"\" onmouseover=\"\"alert(1)\",20,javascript:alert(1),2020-02-01
      \(singleQuote),30,javascript:alert(1),2020-03-01
      \(closers),40,javascript:alert(1),2020-04-01

      """,
      "Content/data/evil.schema.yml": """
      description: \(p)
      source:
        name: \(p)
        url: 'javascript:alert(1)'
      license: \(p)
      columns:
        name: {type: text, description: \(p)}
      """,
      "Content/data/headers.csv": "\"\(script)\",\"\"\" onmouseover=\"\"x\",n\na,b,1\n",
      "Content/data/headers.schema.yml": """
      source:
        name: \(p)
        url: 'https://example.com/"><script>alert(1)</script>'
      """,
      "Content/data/quoted.csv": "a,n\nx,1\n",
      "Content/data/quoted.schema.yml": """
      source:
        name: Quoted
        url: '/sources/" onmouseover="alert(1)'
      """,
      "Content/articles/evil.md": """
      ---
      title: \(p)
      summary: \(p)
      date: 2020-01-01
      tags: ['\(script)', '\(doubleQuote)', "\(singleQuote)", '\(closers)']
      kicker: \(p)
      queries:
        one: SELECT name FROM evil WHERE value = 10
      ---

      Value: `=one.name`. <mark class="author-html">An author's own HTML stays.</mark>

      <p id="it's">A target with an apostrophe in its id.</p>

      ## Heading `=one.name`

      ```chart
      id: evil-column
      type: column
      title: \(yamlAll.dropLast()) `=one.name`'
      description: \(p)
      data: evil
      x: {field: name, title: \(p)}
      y: {field: value, title: \(p)}
      annotations:
        - {type: rule, y: 15, label: \(p)}
        - {type: text, x: '\(script)', y: 25, text: \(p)}
      ```

      ```chart
      id: evil-line
      type: line
      title: Lines named by the data
      description: \(p)
      data: evil
      x: {field: day}
      y: {field: value}
      color: {field: name}
      labels: {values: end}
      ```

      ```chart
      id: evil-donut
      type: donut
      title: Parts named by the data
      description: \(p)
      data: evil
      y: {field: value}
      color: {field: name}
      source: \(p)
      ```

      ```table
      data: evil
      caption: \(yamlAll.dropLast()) `=one.name`'
      columns:
        - {field: name, title: \(p)}
        - {field: link, title: Link}
        - {field: value, title: Value}
      source: \(p)
      ```

      ```table
      data: headers
      ```

      ```table
      data: quoted
      ```

      ```table
      caption: \(p)
      ---
      a,b
      "\(script)","\"\" onmouseover=\"\"alert(1)"
      ```

      """,
      "Content/articles/links.md": """
      ---
      title: Links
      summary: Links with quotes in them.
      ---
      [To the apostrophe](/articles/evil/#it's)

      """,
      "Content/states/state.md": """
      ---
      title: "Generated {name}"
      summary: "From a row: {name} {link}"
      generate:
        query: rows
        slug: "{name}"
      queries:
        rows: SELECT name, link, value FROM evil
        values: SELECT name, value FROM evil
      ---
      Row `=row.name`, `=row.link`.

      ```chart
      id: row-chart
      type: bar
      title: A chart under the page title
      description: Its title is a level-2 heading.
      data: values
      x: value
      y: name
      ```

      """,
    ]
  }

  static func build(_ options: BuildOptions = BuildOptions()) -> BuildResult {
    Almanac.build(TestSite.sources(files, templates: [:]), options: options)
  }

  /// Every built file a browser or feed reader parses, as text: the pages, the feed, the
  /// sitemap, the stylesheet and the icon. Data files are published as they are and served as
  /// data, so they are not among them.
  static func parsedFiles(_ result: BuildResult) -> [(path: String, text: String)] {
    result.files.filter { !$0.path.hasPrefix("data/") }.map {
      ($0.path, String(decoding: $0.contents, as: UTF8.self))
    }
  }

  @Test func htmlEscapesTheFiveSpecialCharactersOnly() {
    #expect(Escape.html("") == "")
    #expect(Escape.html("plain café 日本 👍🏽") == "plain café 日本 👍🏽")
    #expect(Escape.html("&") == "&amp;")
    #expect(
      Escape.html("a<b>c\"d'e&f é\r\n<") == "a&lt;b&gt;c&quot;d&#39;e&amp;f é\r\n&lt;")
    var output = Array("kept ".utf8)
    Escape.appendHTML("<x>", to: &output)
    #expect(String(decoding: output, as: UTF8.self) == "kept &lt;x&gt;")
  }

  @Test func plantedTextNeverBecomesMarkup() throws {
    let result = Self.build()
    #expect(TestSite.errors(result) == [])
    let files = Self.parsedFiles(result)
    let kinds = Set(files.map { ($0.path as NSString).pathExtension })
    #expect(kinds == ["html", "xml", "css", "svg"], "unexpected kinds of output: \(kinds)")

    var documents: [(String, String)] = files.filter { $0.path.hasSuffix(".html") }
    for (path, text) in files {
      // No file of any kind holds these, escaped text never does.
      for raw in ["<script", "</script", "</style", "<!--", "-->", "]]>"] {
        #expect(!text.lowercased().contains(raw), "\(path) contains \(raw)")
      }
      if path.hasSuffix(".xml") {
        documents += Self.htmlInFeed(text).map { ("\(path) (entry content)", $0) }
        for tag in HTMLTags.scan(text) { Self.expectSafe(tag, in: path) }
      }
    }
    #expect(documents.count > 10)
    for (path, html) in documents {
      for tag in HTMLTags.scan(html) { Self.expectSafe(tag, in: path) }
      // Text is escaped exactly once.
      for doubled in ["&amp;lt;", "&amp;gt;", "&amp;quot;", "&amp;#39;", "&amp;#x27;", "&amp;amp;"]
      {
        #expect(!html.contains(doubled), "\(path) escapes twice: \(doubled)")
      }
    }
    let css = try #require(result.text(at: "style.css"))
    #expect(!css.contains("alert"))
  }

  @Test func plantedTextArrivesEscaped() throws {
    let result = Self.build()
    let article = try #require(result.text(at: "articles/evil/index.html"))
    let escaped = Escape.html(Self.all)
    // In text and attributes of the page, in the charts' SVG text, titles and descriptions.
    #expect(article.contains("<h1>\(escaped)</h1>"))
    #expect(article.contains("<meta name=\"description\" content=\"\(escaped)\">"))
    #expect(article.contains("<title id=\"evil-column-wide-title\">\(escaped) "))
    #expect(article.contains("<desc id=\"evil-column-wide-desc\">\(escaped) "))
    #expect(article.contains("<text class=\"note halo\" x="))
    #expect(article.contains(">\(Escape.html(Self.script))</text>"))
    #expect(article.contains("<caption>\(escaped) "))
    #expect(article.contains("<th scope=\"row\">\(Escape.html(Self.doubleQuote))</th>"))
    #expect(article.contains("<p class=\"source\">\(escaped)</p>"))
    // An author's raw HTML is kept; a data URL that isn't a web address or a page isn't linked.
    #expect(
      article.contains("<mark class=\"author-html\">An author&rsquo;s own HTML stays.</mark>")
        || article.contains("<mark class=\"author-html\">An author’s own HTML stays.</mark>"))
    #expect(article.contains("<td>javascript:alert(1)</td>"))
    #expect(!article.contains("href=\"javascript"))
    #expect(article.contains("<a href=\"https://example.com/&quot;&gt;&lt;script&gt;"))
    // The feed and the sitemap.
    let feed = try #require(result.text(at: "feed.xml"))
    #expect(feed.contains("<title>\(Escape.xml(Self.all))</title>"))
    #expect(feed.contains("<category term=\"\(Escape.xml(Self.doubleQuote))\"/>"))
    // Generated pages: titles escaped, slugs made URL-safe.
    let generated = result.files.map(\.path).filter {
      $0.hasPrefix("states/") && $0.hasSuffix("/index.html")
    }
    #expect(generated.count == 4)
    for path in generated {
      #expect(path.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-/.".contains($0)) })
    }
    let page = try #require(result.text(at: "states/scriptalert1script/index.html"))
    #expect(page.contains("<h1>Generated \(Escape.html(Self.script))</h1>"))
    let sitemap = try #require(result.text(at: "sitemap.xml"))
    #expect(sitemap.contains("<loc>https://example.org/states/scriptalert1script/</loc>"))
  }

  /// A chart's title is a heading one level below the heading it sits under, so a chart right
  /// under the page's `<h1>` doesn't skip to `<h3>`.
  @Test func chartTitlesFollowTheHeadingAbove() throws {
    let result = Self.build()
    let state = try #require(result.text(at: "states/onfocusx/index.html"))
    #expect(state.contains("<h2 class=\"chart__title\">A chart under the page title</h2>"))
    let article = try #require(result.text(at: "articles/evil/index.html"))
    #expect(article.contains("<h3 class=\"chart__title\">Lines named by the data</h3>"))
  }

  /// Links are checked and made relative from the value the browser reads, with every entity
  /// decoded once: an apostrophe that cmark wrote as `&#x27;` still finds its target, and comes
  /// out escaped once.
  @Test func linksAreReadAsTheBrowserReadsThem() throws {
    let result = Self.build(
      BuildOptions(baseURL: "https://example.org/pr-1/", relativeURLs: true))
    #expect(TestSite.errors(result) == [])
    let links = try #require(result.text(at: "articles/links/index.html"))
    #expect(links.contains("<a href=\"../evil/index.html#it&#39;s\">To the apostrophe</a>"))
    let warnings = TestSite.messages(result)
    #expect(!warnings.contains { $0.contains("it&") || $0.contains("it's") }, "\(warnings)")
    // The schema's quoted URL is reported as written, not as escaped HTML.
    #expect(warnings.contains { $0.contains("/sources/\" onmouseover=\"alert(1)") }, "\(warnings)")
    #expect(!warnings.contains { $0.contains("&quot;") }, "\(warnings)")
    #expect(
      Escape.attributeValue("a&amp;b&lt;&gt;&quot;&#39;&#x27;&apos;&amp;lt;&x;&")
        == "a&b<>\"'''&lt;&x;&")
  }

  /// `Escape.html` replaces the same five characters wherever they are, also when a combining
  /// mark follows, which makes them part of a longer `Character` but not a different character
  /// to an HTML parser.
  @Test func htmlEscapingReplacesEveryScalar() {
    let pieces = [
      "a", "é", "&", "<", ">", "\"", "'", "\"\u{301}", "'\u{301}", "&\u{20DD}", "🙂", " ",
    ]
    var generator = SeededGenerator(seed: 3)
    for _ in 0..<300 {
      let text = generator.text(from: pieces, count: 0...10)
      let expected = text.unicodeScalars.map { scalar -> String in
        switch scalar {
        case "&": return "&amp;"
        case "<": return "&lt;"
        case ">": return "&gt;"
        case "\"": return "&quot;"
        case "'": return "&#39;"
        default: return String(scalar)
        }
      }.joined()
      #expect(Escape.html(text) == expected, "\(text.debugDescription)")
    }
  }

  /// `Escape.xml` escapes the five characters and drops exactly what XML 1.0 can't hold.
  @Test func xmlEscapingDropsOnlyWhatXMLForbids() {
    let pieces = [
      "a", "&", "<", ">", "\"", "'", "\t", "\n", "\r", "\u{1}", "\u{1F}", "\u{FFFE}", "\u{FFFF}",
      "\u{FFFD}", "\u{F000}", "\u{EFFF}", "🙂", "é",
    ]
    var generator = SeededGenerator(seed: 4)
    for _ in 0..<300 {
      let text = generator.text(from: pieces, count: 0...10)
      let expected = text.unicodeScalars.map { scalar -> String in
        switch scalar {
        case "&": return "&amp;"
        case "<": return "&lt;"
        case ">": return "&gt;"
        case "\"": return "&quot;"
        case "'": return "&apos;"
        case "\t", "\n", "\r": return String(scalar)
        default:
          return scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF
            ? "" : String(scalar)
        }
      }.joined()
      #expect(Escape.xml(text) == expected, "\(text.debugDescription)")
    }
  }

  /// Templates escape through `Escape.html` too: Mustache's own escaping let a quote joined to a
  /// combining mark end an attribute.
  @Test func templatesEscapeQuotesJoinedToCombiningMarks() throws {
    let title = "x\"\u{301} onmouseover=\"alert(1)"
    let result = TestSite.build([
      "Content/index.md": "---\ntitle: '\(title)'\n---\nHello.\n",
      "Templates/home.html": "<p title=\"{{page.title}}\">{{page.title}}</p>\n",
    ])
    #expect(TestSite.errors(result) == [])
    let home = try #require(result.text(at: "index.html"))
    #expect(
      home
        == "<p title=\"x&quot;\u{301} onmouseover=&quot;alert(1)\">x&quot;\u{301} onmouseover=&quot;alert(1)</p>\n"
    )
  }

  /// The HTML inside the feed's entries, unescaped once as a feed reader does.
  static func htmlInFeed(_ xml: String) -> [String] {
    xml.components(separatedBy: "<content type=\"html\">").dropFirst().compactMap {
      $0.components(separatedBy: "</content>").first.map(Escape.attributeValue)
    }
  }

  static let urlAttributes: Set<String> = [
    "href", "src", "srcset", "xlink:href", "action", "formaction", "poster", "data", "xml:base",
  ]

  static func expectSafe(_ tag: HTMLTags.Tag, in path: String) {
    #expect(
      !["script", "style", "iframe", "object", "embed", "base", "form"].contains(tag.name),
      "\(path): <\(tag.name)> element")
    for (name, value) in tag.attributes {
      #expect(!name.hasPrefix("on"), "\(path): <\(tag.name) \(name)=…> event handler")
      #expect(name != "style", "\(path): <\(tag.name) style=…>")
      #expect(
        !name.contains("\"") && !name.contains("'") && !name.contains("<"),
        "\(path): <\(tag.name)> has an attribute named \(name)")
      if urlAttributes.contains(name) {
        let squeezed = String(value.unicodeScalars.filter { $0.value > 0x20 }).lowercased()
        #expect(
          !squeezed.hasPrefix("javascript:") && !squeezed.hasPrefix("vbscript:")
            && !squeezed.hasPrefix("data:text/html"),
          "\(path): <\(tag.name) \(name)=\"\(value)\">")
      }
    }
  }
}

/// Start tags as a browser's tokenizer finds them, with attribute values decoded: enough to see
/// which elements and attributes a page really has, whatever its text holds.
enum HTMLTags {
  struct Tag {
    var name: String
    var attributes: [(name: String, value: String)]
  }

  static func scan(_ html: String) -> [Tag] {
    let characters = Array(html.unicodeScalars)
    let count = characters.count
    func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\n" || c == "\t" || c == "\r" }
    func isNameCharacter(_ c: Unicode.Scalar) -> Bool {
      !isSpace(c) && c != "/" && c != ">" && c != "="
    }
    var tags: [Tag] = []
    var index = 0
    while index < count {
      guard characters[index] == "<", index + 1 < count,
        characters[index + 1].properties.isAlphabetic
      else {
        index += 1
        continue
      }
      var position = index + 1
      var name = ""
      while position < count, isNameCharacter(characters[position]) {
        name.unicodeScalars.append(characters[position])
        position += 1
      }
      var attributes: [(name: String, value: String)] = []
      while position < count, characters[position] != ">" {
        if isSpace(characters[position]) || characters[position] == "/" {
          position += 1
          continue
        }
        var attribute = ""
        while position < count, isNameCharacter(characters[position]) {
          attribute.unicodeScalars.append(characters[position])
          position += 1
        }
        if attribute.isEmpty {
          position += 1
          continue
        }
        while position < count, isSpace(characters[position]) { position += 1 }
        var value = ""
        if position < count, characters[position] == "=" {
          position += 1
          while position < count, isSpace(characters[position]) { position += 1 }
          if position < count, characters[position] == "\"" || characters[position] == "'" {
            let quote = characters[position]
            position += 1
            while position < count, characters[position] != quote {
              value.unicodeScalars.append(characters[position])
              position += 1
            }
            position += 1
          } else {
            while position < count, !isSpace(characters[position]), characters[position] != ">" {
              value.unicodeScalars.append(characters[position])
              position += 1
            }
          }
        }
        attributes.append((attribute.lowercased(), Escape.attributeValue(value)))
      }
      tags.append(Tag(name: name.lowercased(), attributes: attributes))
      index = position + 1
    }
    return tags
  }
}

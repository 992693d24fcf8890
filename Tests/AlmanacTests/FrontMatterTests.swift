import Testing
import Yams

@testable import Almanac

@Suite struct FrontMatterTests {
  func decode(_ text: String) -> (FrontMatter, [String]) {
    var diagnostics: [Diagnostic] = []
    do {
      let split = try FrontMatter.split(text, file: "page.md")
      return (
        FrontMatter.decode(split, file: "page.md", diagnostics: &diagnostics),
        diagnostics.map { $0.formatted() }
      )
    } catch {
      return (FrontMatter(), error.diagnostics.map { $0.formatted() })
    }
  }

  @Test func splitsFrontMatterFromBody() throws {
    let split = try FrontMatter.split("---\ntitle: A\n---\n# Body\n", file: "x.md")
    #expect(split.frontMatter == "title: A\n")
    #expect(split.body == "# Body\n")
    #expect(split.bodyFirstLine == 4)
  }

  @Test func acceptsCRLFAndDotsAsClosingFence() throws {
    let split = try FrontMatter.split("---\r\ntitle: A\r\n...\r\nBody", file: "x.md")
    #expect(split.frontMatter == "title: A\r\n")
    #expect(split.body == "Body")
    #expect(split.bodyFirstLine == 4)
  }

  @Test func pagesWithoutFrontMatterAreAllBody() throws {
    let split = try FrontMatter.split("Just text\n---\n", file: "x.md")
    #expect(split.frontMatter == nil)
    #expect(split.bodyFirstLine == 1)
  }

  @Test func unclosedFrontMatterIsLocatedAtItsFirstLine() {
    let (_, messages) = decode("---\ntitle: A\n\nBody text\n")
    #expect(
      messages == [
        "page.md:1:1: error: front matter starts with `---` but never ends; add a `---` line after its last key"
      ])
  }

  @Test func decodesEveryKnownKey() {
    let (frontMatter, messages) = decode(
      """
      ---
      title: Who was removed
      date: 2013-02-15
      summary: Short.
      tags: [removals, data]
      draft: true
      layout: wide
      slug: removed
      weight: 3
      kicker: Explainer
      ---
      """)
    #expect(messages.isEmpty)
    #expect(frontMatter.title == "Who was removed")
    #expect(frontMatter.date == PageDate(parsing: "2013-02-15"))
    #expect(frontMatter.summary == "Short.")
    #expect(frontMatter.tags == ["removals", "data"])
    #expect(frontMatter.draft)
    #expect(frontMatter.layout == "wide")
    #expect(frontMatter.slug == "removed")
    #expect(frontMatter.weight == 3)
    #expect(frontMatter.params.map(\.key) == ["kicker"])
  }

  @Test func impossibleDateIsLocatedAtItsValue() {
    let (_, messages) = decode("---\ntitle: A\ndate: 2013-02-30\n---\n")
    #expect(
      messages == [
        "page.md:3:7: error: \"2013-02-30\" is not a valid date; write a real date as YYYY-MM-DD, such as 2013-02-28"
      ])
  }

  @Test func titleThatIsAListIsAnError() {
    let (_, messages) = decode("---\ntitle:\n  - a\n  - b\n---\n")
    #expect(messages == ["page.md:3:3: error: \"title\" must be text, not a list"])
  }

  @Test func duplicateKeysAreReported() {
    let (_, messages) = decode("---\ntitle: A\ntitle: B\n---\n")
    #expect(messages.count == 1)
    #expect(messages[0].hasPrefix("page.md:2:1: error: duplicate key \"title\""))
  }

  @Test func invalidYAMLIsLocatedInTheFile() {
    let (_, messages) = decode("---\ntitle: A\ntags: [a, b\n---\n")
    #expect(messages.count == 1)
    #expect(messages[0].hasPrefix("page.md:4:"))
    #expect(messages[0].contains("error: invalid YAML"))
  }

  @Test func tabIndentationIsAnError() {
    let (_, messages) = decode("---\nmeta:\n\tkey: value\n---\n")
    #expect(messages.count == 1)
    #expect(messages[0].hasPrefix("page.md:3:"))
  }

  /// Plain scalars skip Yams' regular expressions when none of them can match; the type must
  /// still be the one Yams gives.
  @Test func scalarTypesAreTheOnesYAMLGives() throws {
    let pieces = [
      "yes", "No", "ON", "off", "true", "FALSE", "null", "Null", "~", "", "0", "12", "-7", "+3",
      "0x1F", "0o17", "017", "1_000", "1:30", "1.5", ".5", "-.inf", ".NaN", "1e5", "<<", "=",
      "2024-01-05", "2024-1-5 10:00:00", "Yes please", "offline", "nullable", "title", "o", "t",
      "né", "x1", "Twelve", "_a",
    ]
    var generator = SeededGenerator(seed: 5)
    for index in 0..<400 {
      let text =
        index < pieces.count
        ? pieces[index]
        : generator.text(from: pieces, count: 1...2)
      let yaml = "key: \(text)\n"
      guard let expected = try? Yams.compose(yaml: yaml)?.mapping?["key"]?.tag.description,
        case .mapping(let entries)? = try? YAMLNode.parse(yaml, origin: SourceLocation(file: "x"))?
          .value
      else { continue }
      let kind = entries[0].node.kindName
      switch Tag.Name(rawValue: expected) {
      case .null: #expect(kind == "nothing", "\(text)")
      case .bool: #expect(kind == "a boolean", "\(text)")
      case .int: #expect(["an integer", "text"].contains(kind), "\(text)")
      case .float: #expect(["a number", "text"].contains(kind), "\(text)")
      default: #expect(kind == "text", "\(text): \(expected)")
      }
    }
  }

  /// A block scalar's location is the line after its `|`, at that line's indentation counted
  /// as splitting the text into `Character` lines counts it: a CRLF ends no line there, and a
  /// space carrying a combining mark is not indentation.
  @Test func blockScalarsStartAtTheirFirstLinesIndentation() throws {
    let cases = [
      "a: 1\nq: |\n    SELECT 1\n    FROM t\n",
      "q: >\n  text\n",
      "a: [1, 2]\nb:\n  c: |\n      deep\n",
      "a: 1\r\nq: |\r\n   SELECT 1\r\n",
      "a: 1\r\nb: 2\nq: |\n  x\n",
      "q: |\n \u{301} x\n",
    ]
    for yaml in cases {
      let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
      func blockScalars(_ node: YAMLNode) -> [(line: Int, column: Int)] {
        switch node.value {
        case .mapping(let entries): return entries.flatMap { blockScalars($0.node) }
        case .list(let items): return items.flatMap(blockScalars)
        default:
          return node.written?.hasSuffix("\n") == true
            ? [(node.location.line, node.location.column)] : []
        }
      }
      let root = try #require(
        try YAMLNode.parse(yaml, origin: SourceLocation(file: "x", line: 1, column: 1)))
      let locations = blockScalars(root)
      #expect(!locations.isEmpty, "\(yaml.debugDescription)")
      for location in locations {
        let expected =
          location.line <= lines.count ? lines[location.line - 1].prefix { $0 == " " }.count : 0
        #expect(location.column == expected + 1, "\(yaml.debugDescription)")
      }
    }
  }

  @Test func aliasBombIsRefusedInsteadOfExpanded() {
    var yaml = "---\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
    var previous = "a"
    for level in 1...8 {
      let name = "l\(level)"
      yaml +=
        "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ")
        + "]\n"
      previous = name
    }
    let (_, messages) = decode(yaml + "---\n")
    #expect(messages.count == 1)
    #expect(messages[0].contains("expands to more than 100000 values"))
  }

  @Test(arguments: ["../../etc", "a/b", ".hidden", "", "what?", "100%"])
  func unsafeSlugsAreRefused(slug: String) {
    let (frontMatter, messages) = decode("---\nslug: \"\(slug)\"\n---\n")
    #expect(frontMatter.slug == nil)
    #expect(messages.count == 1)
    #expect(messages[0].hasPrefix("page.md:2:7: error: slug"))
  }

  @Test func wrongTypesNameTheKeyAndTheExpectedType() {
    let (_, messages) = decode("---\ndraft: maybe\nweight: heavy\n---\n")
    #expect(
      messages == [
        "page.md:2:8: error: \"draft\" must be true or false, not text",
        "page.md:3:9: error: \"weight\" must be a whole number, not text",
      ])
  }
}

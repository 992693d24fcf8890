import Testing

@testable import Almanac

@Suite struct SlugTests {
  @Test(arguments: [
    ("Who was removed?", "who-was-removed"),
    ("2008: a pilot in five states", "2008-a-pilot-in-five-states"),
    ("  Level 1 -- the \"worst\" offenders ", "level-1-the-worst-offenders"),
    ("Núñez & co.", "núñez-co"),
    ("snake_case words", "snake-case-words"),
    ("!!!", ""),
  ])
  func slugifies(text: String, slug: String) {
    #expect(text.slugified == slug)
  }

  @Test func registryNumbersRepeatsInOrder() {
    var registry = SlugRegistry(fallback: "section")
    #expect(registry.claim("Sources") == "sources")
    #expect(registry.claim("Sources") == "sources-1")
    #expect(registry.claim("Sources") == "sources-2")
    #expect(registry.claim("???") == "section")
    #expect(registry.claim("") == "section-1")
  }

  @Test func suggestsCloseNamesOnly() {
    #expect("titel".closestMatch(in: ["title", "description"]) == "title")
    #expect("base-url".closestMatch(in: ["base_url", "author"]) == "base_url")
    #expect("colour".closestMatch(in: ["title", "author"]) == nil)
    #expect("ab".editDistance(to: "ba") == 1)
  }

  @Test("the ASCII fast path makes the same slugs as the general one")
  func asciiSlugsMatchUnicodeSlugs() {
    let pieces = [
      "A", "z", "Q", "7", " ", "\t", "\r\n", "-", "_", ".", "&", "'", "(", "~", "\u{7F}",
    ]
    var generator = SeededGenerator(seed: 11)
    for _ in 0..<500 {
      let text = generator.text(from: pieces, count: 0...10)
      #expect(text.slugified == text.unicodeSlug, "\(text.debugDescription)")
    }
  }
}

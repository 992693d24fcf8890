import Foundation
import Testing

@testable import Almanac

@Suite struct TextScanTests {
  @Test("words are counted as splitting at Unicode white space counts them")
  func wordCountMatchesTheStandardLibrary() {
    let pieces = [
      "word", "déjà", "数据", " ", "\t", "\n", "\r\n", "\u{A0}", "\u{85}", "\u{1680}", "\u{2003}",
      "\u{200A}", "\u{200B}", "\u{2028}", "\u{202F}", "\u{205F}", "\u{3000}", "—", "🙂", "x",
    ]
    var generator = SeededGenerator(seed: 7)
    for _ in 0..<500 {
      let text = generator.text(from: pieces, count: 0...12)
      #expect(
        Array(text.utf8).withUnsafeBytes { TextScan.wordCount(utf8: $0) }
          == text.split(whereSeparator: \.isWhitespace).count, "\(text.debugDescription)")
    }
  }

  @Test("trimming drops the white space Foundation's .whitespacesAndNewlines holds")
  func trimmingMatchesFoundation() {
    let pieces = [
      "a", "é", " ", "\t", "\n", "\r\n", "\u{A0}", "\u{85}", "\u{1680}", "\u{2003}", "\u{200B}",
      "\u{2028}", "\u{2029}", "\u{202F}", "\u{3000}", "\u{180E}", "\u{FEFF}", "e\u{301}", "🙂",
      "\u{0B}", "\u{0C}", "\r",
    ]
    var generator = SeededGenerator(seed: 11)
    for _ in 0..<500 {
      let text = generator.text(from: pieces, count: 0...8)
      #expect(
        TextScan.trimmingWhiteSpace(text) == text.trimmingCharacters(in: .whitespacesAndNewlines),
        "\(text.debugDescription)")
      #expect(
        TextScan.trimmingWhiteSpace(text, keepingLineBreaks: true)
          == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
    }
  }

  @Test("only whole identifiers count as mentions")
  func identifiers() {
    let names: Set<String> = ["totals", "by_year", "sample"]
    #expect(
      TextScan.identifiers(
        in: "`=totals.removed | ,d` and data: by_year, not subtotals or sample2", among: names)
        == ["totals", "by_year"])
    #expect(TextScan.identifiers(in: "sample", among: names) == ["sample"])
    #expect(TextScan.identifiers(in: "anything", among: []) == [])
  }
}

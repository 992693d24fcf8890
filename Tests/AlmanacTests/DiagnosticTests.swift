import Testing

@testable import Almanac

@Suite struct DiagnosticTests {
  let location = SourceLocation(file: "Content/x.md", line: 14, column: 3)

  @Test func printsLikeACompiler() {
    let diagnostic = Diagnostic(
      .error, "unknown column \"remvals\" (did you mean \"removals\"?)", at: location)
    #expect(
      diagnostic.formatted()
        == "Content/x.md:14:3: error: unknown column \"remvals\" (did you mean \"removals\"?)")
  }

  @Test func leavesOutUnknownParts() {
    #expect(
      Diagnostic(.warning, "w", at: SourceLocation(file: "a.md", line: 2)).formatted()
        == "a.md:2: warning: w")
    #expect(
      Diagnostic(.warning, "w", at: SourceLocation(file: "a.md")).formatted() == "a.md: warning: w")
    #expect(Diagnostic(.error, "e", at: nil).formatted() == "error: e")
  }

  @Test func colourIsOptIn() {
    let diagnostic = Diagnostic(.error, "bad", at: location)
    #expect(!diagnostic.formatted().contains("\u{1B}"))
    #expect(
      diagnostic.formatted(color: true)
        == "\u{1B}[1mContent/x.md:14:3: \u{1B}[0m\u{1B}[1;31merror:\u{1B}[0m \u{1B}[1mbad\u{1B}[0m")
    #expect(
      Diagnostic(.warning, "w", at: nil).formatted(color: true).hasPrefix("\u{1B}[1;33mwarning:"))
  }

  @Test func sortByFileThenPositionThenSeverity() {
    let diagnostics = [
      Diagnostic(.warning, "b", at: SourceLocation(file: "b.md", line: 1, column: 1)),
      Diagnostic(.warning, "a2", at: SourceLocation(file: "a.md", line: 10, column: 1)),
      Diagnostic(.error, "a2", at: SourceLocation(file: "a.md", line: 10, column: 1)),
      Diagnostic(.error, "a1", at: SourceLocation(file: "a.md", line: 2, column: 5)),
      Diagnostic(.error, "global", at: nil),
    ]
    #expect(
      diagnostics.sorted().map { $0.formatted() } == [
        "error: global", "a.md:2:5: error: a1", "a.md:10:1: error: a2", "a.md:10:1: warning: a2",
        "b.md:1:1: warning: b",
      ])
    #expect(diagnostics.hasErrors)
    #expect(![diagnostics[0]].hasErrors)
  }

  @Test func yamlPositionsMapIntoTheFile() {
    let origin = SourceLocation(file: "Content/a.md", line: 2, column: 1)
    var diagnostics: [Diagnostic] = []
    let split = SplitPage(frontMatter: "title: A\nsummary: [x\n", body: "", bodyFirstLine: 5)
    _ = FrontMatter.decode(split, file: origin.file, diagnostics: &diagnostics)
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.location?.line == 4)
  }
}

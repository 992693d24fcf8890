import Foundation
import Testing

@testable import Almanac

/// The manifest's files: read back exactly as written, the same bytes for the same build, and
/// anything damaged, cut short or foreign is refused without crashing.
@Suite struct BuildManifestCodingTests {
  /// A manifest from a real build of a small site, with strings that need escaping added.
  static let manifest: BuildManifest = {
    let sources = TestSite.sources(IncrementalBuildTests.site)
    var manifest = Almanac.build(sources, options: IncrementalBuildTests.options).manifest!
    let awkward = "quote \" backslash \\ slash / tab \t line\n bell \u{7} é e\u{301} 🦆 \u{2028}"
    manifest.tables[awkward] = awkward
    manifest.outputs[awkward] = BuildManifest.OutputRecord(hash: awkward, size: 0)
    manifest.diagnostics.append(
      BuildManifest.StoredDiagnostic(
        severity: "warning", message: awkward, file: awkward, line: 3, column: nil))
    var record = manifest.pages.values.first!
    record.firstParagraph = awkward
    record.ids.append(awkward)
    record.figures[awkward] = ""
    record.diagnostics.append(
      BuildManifest.StoredDiagnostic(
        severity: "note", message: "", file: nil, line: nil, column: 12))
    manifest.pages[awkward] = record
    return manifest
  }()

  static let files = manifest.files()
  static let pagesBytes = files[0].contents
  static let manifestBytes = files[1].contents

  static var pagesDigest: String {
    guard case .manifest(_, let digest) = BuildManifest.decode(manifestBytes) else { return "" }
    return digest
  }

  @Test func readsBackWhatItWrote() throws {
    #expect(Self.files.map(\.path) == [BuildManifest.pagesPath, BuildManifest.path])
    guard case .manifest(var decoded, let digest) = BuildManifest.decode(Self.manifestBytes) else {
      Issue.record("the manifest can't be read back")
      return
    }
    decoded.pages = try #require(
      BuildManifest.decode(pages: .init(bytes: Self.pagesBytes, digest: digest)))
    #expect(decoded == Self.manifest)
  }

  @Test("the same build writes the same bytes")
  func deterministic() {
    let sources = TestSite.sources(IncrementalBuildTests.site)
    let again = Almanac.build(sources, options: IncrementalBuildTests.options).manifest!
    let first = Almanac.build(sources, options: IncrementalBuildTests.options).manifest!
    #expect(again.files().map(\.contents) == first.files().map(\.contents))
    #expect(Self.manifest.files().map(\.contents) == Self.files.map(\.contents))
  }

  @Test("records kept from the last manifest encode as if encoded afresh")
  func reusedRecords() {
    var records: BuildManifest.EncodedRecords? = BuildManifest.EncodedRecords()
    var manifest = Self.manifest
    let paths = manifest.pages.keys.sorted()
    let edits: [(inout BuildManifest) -> Void] = [
      { _ in },
      { $0.pages[paths[0]]!.wordCount += 1 },
      { $0.pages[paths[1]]!.references.append("/new/") },
      { $0.pages["added/index.html"] = $0.pages[paths[2]] },
      { $0.pages[paths[2]] = nil },
    ]
    for edit in edits {
      edit(&manifest)
      #expect(
        manifest.files(reusing: &records).map(\.contents) == manifest.files().map(\.contents))
    }
    var unkept: BuildManifest.EncodedRecords?
    #expect(manifest.files(reusing: &unkept).map(\.contents) == manifest.files().map(\.contents))
    #expect(unkept == nil)
  }

  @Test("the manifest stays readable JSON, and the page records too")
  func isJSON() throws {
    let manifest = try #require(
      try JSONSerialization.jsonObject(with: Self.manifestBytes) as? [String: Any])
    #expect(manifest["format"] as? Int == BuildManifest.formatVersion)
    #expect(manifest["pages"] as? String == Self.pagesDigest)
    let pages = try #require(
      try JSONSerialization.jsonObject(with: Self.pagesBytes) as? [String: Any])
    #expect(Set(pages.keys) == Set(Self.manifest.pages.keys))
  }

  @Test("a manifest cut short at any byte is refused")
  func truncated() {
    for length in 0..<Self.manifestBytes.count {
      guard case .malformed = BuildManifest.decode(Self.manifestBytes.prefix(length)) else {
        Issue.record("a manifest cut to \(length) bytes was accepted")
        return
      }
    }
  }

  @Test("page records cut short at any byte are refused, even with a matching digest")
  func truncatedPages() {
    for length in 0..<Self.pagesBytes.count {
      let bytes = Self.pagesBytes.prefix(length)
      #expect(BuildManifest.decode(pages: .init(bytes: bytes, digest: Self.pagesDigest)) == nil)
      let vouched = BuildManifest.EncodedPages(bytes: bytes, digest: ContentHash(bytes).hex)
      guard BuildManifest.decode(pages: vouched) == nil else {
        Issue.record("page records cut to \(length) bytes were accepted")
        return
      }
    }
  }

  @Test("any bit flipped in the page records is caught by the manifest's digest")
  func bitFlipsInPages() {
    var flips = 0
    for offset in stride(from: 0, to: Self.pagesBytes.count, by: 7) {
      for bit in 0..<8 {
        var bytes = Self.pagesBytes
        bytes[offset] ^= 1 << bit
        if BuildManifest.decode(pages: .init(bytes: bytes, digest: Self.pagesDigest)) != nil {
          flips += 1
        }
        // Past the digest, the reader itself must survive whatever it is given.
        _ = BuildManifest.decode(pages: .init(bytes: bytes, digest: ContentHash(bytes).hex))
      }
    }
    #expect(flips == 0)
  }

  @Test("a bit flipped anywhere in the manifest never crashes the reader")
  func bitFlipsInManifest() {
    var refused = 0
    for offset in 0..<Self.manifestBytes.count {
      for bit in 0..<8 {
        var bytes = Self.manifestBytes
        bytes[offset] ^= 1 << bit
        if case .manifest = BuildManifest.decode(bytes) { continue }
        refused += 1
      }
    }
    // Most flips break the JSON; the rest change a hash, a size or a word, which costs at
    // worst a page rendered again.
    #expect(refused > Self.manifestBytes.count)
  }

  @Test("a manifest of another format or another build is recognised as such")
  func otherVersion() throws {
    let text = String(decoding: Self.manifestBytes, as: UTF8.self)
    let older = text.replacingOccurrences(
      of: "\"format\":\(BuildManifest.formatVersion)", with: "\"format\":1")
    guard case .otherVersion(let generator) = BuildManifest.decode(Data(older.utf8)) else {
      Issue.record("an older format was taken for this one")
      return
    }
    #expect(generator == Almanac.buildIdentity)

    // Format 1, as Foundation's JSONEncoder wrote it: other fields, in another order.
    let formatOne = Data(
      #"{"counts":{"data_files":0,"data_rows":0,"pages":1},"diagnostics":[],"feed":"x","format":1,"generator":"0.0.9+abc","inputs":"y","options":"","outputs":{"a.html":{"hash":"z","size":3}},"tables":{},"today":"2026-06-01"}"#
        .utf8)
    guard case .otherVersion("0.0.9+abc") = BuildManifest.decode(formatOne) else {
      Issue.record("a format 1 manifest wasn't recognised")
      return
    }
    for foreign in ["{}", "[]", "null", "\"manifest\"", #"{"format":"2","generator":"x"}"#] {
      guard case .malformed = BuildManifest.decode(Data(foreign.utf8)) else {
        Issue.record("\(foreign) was taken for a manifest")
        continue
      }
    }
  }

  @Test("reading a folder: page records that don't match the manifest mean a full build")
  func readsFromAFolder() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("almanac-manifest-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent(".almanac"), withIntermediateDirectories: true)
    for (path, contents) in Self.files {
      try contents.write(to: folder.appendingPathComponent(path))
    }
    guard case .found(let previous) = BuildManifest.read(fromOutputFolder: folder) else {
      Issue.record("the manifest wasn't found")
      return
    }
    #expect(try #require(previous.withPages()).manifest == Self.manifest)

    let otherPages = BuildManifest.encode(pages: [:])
    try otherPages.write(to: folder.appendingPathComponent(BuildManifest.pagesPath))
    guard case .found(let mismatched) = BuildManifest.read(fromOutputFolder: folder) else {
      Issue.record("the manifest wasn't found")
      return
    }
    #expect(mismatched.withPages() == nil)

    try FileManager.default.removeItem(at: folder.appendingPathComponent(BuildManifest.pagesPath))
    guard case .unusable(let note) = BuildManifest.read(fromOutputFolder: folder) else {
      Issue.record("a manifest without its page records was used")
      return
    }
    #expect(note == .manifestUnreadable(at: note.location))
  }
}

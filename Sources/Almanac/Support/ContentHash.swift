import Foundation

/// A 64-bit digest of some bytes in the manner of FNV-1a, for telling whether an input or output
/// changed between builds. Swift's `Hasher` is seeded per process, so it can't be stored; a cryptographic digest
/// would cost a heavy dependency for inputs that aren't adversarial (collision odds for n files
/// are about n²/2⁶⁵).
struct ContentHash: Hashable, Sendable {
  private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  private static let prime: UInt64 = 0x0000_0100_0000_01b3

  init() {}

  init(_ data: Data) {
    combine(data)
  }

  mutating func combine(_ data: Data) {
    data.withUnsafeBytes { combine(bytes: $0) }
  }

  mutating func combine(_ text: String) {
    var text = text
    text.withUTF8 { combine(bytes: UnsafeRawBufferPointer($0)) }
    // A separator, so that ("ab", "c") and ("a", "bc") differ.
    combine(byte: 0xff)
  }

  mutating func combine(_ number: Int) {
    withUnsafeBytes(of: Int64(number).littleEndian) { combine(bytes: $0) }
  }

  mutating func combine(_ other: ContentHash) {
    combine(Int(bitPattern: UInt(other.value)))
  }

  /// Eight bytes at a time, each word mixed in FNV's way and then folded, with the bytes that
  /// don't fill a word one at a time: a build hashes every source file, and this is several times
  /// quicker than byte-wise FNV-1a. Every step is a bijection of the running value, so a change
  /// confined to one word always changes the hash.
  private mutating func combine(bytes: UnsafeRawBufferPointer) {
    var hash = value
    var offset = 0
    while offset + 8 <= bytes.count {
      let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
      hash = (hash ^ word) &* Self.prime
      hash ^= hash >> 29
      offset += 8
    }
    while offset < bytes.count {
      hash = (hash ^ UInt64(bytes[offset])) &* Self.prime
      offset += 1
    }
    value = hash
  }

  private mutating func combine(byte: UInt8) {
    value = (value ^ UInt64(byte)) &* Self.prime
  }

  /// Sixteen lowercase hex digits.
  var hex: String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}

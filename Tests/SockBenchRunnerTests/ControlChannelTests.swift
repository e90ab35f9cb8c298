import Glibc
@testable import SockBenchCore
@testable import SockBenchRunner
import Testing

@Suite struct ControlChannelTests {
    @Test func readsLinesAcrossPartialWritesAndTimesOut() throws {
        let pipe = try Sys.pipe()
        defer { Sys.close(pipe.read); Sys.close(pipe.write) }
        var reader = LineReader(fd: pipe.read)
        for chunk in ["{\"a\":", "1}\n{\"b\"", ":2}\n"] { _ = chunk.withCString { write(pipe.write, $0, strlen($0)) } }
        let deadline = MonotonicClock.nanoseconds() + 1_000_000_000
        #expect(String(decoding: try reader.readLine(deadline: deadline), as: UTF8.self) == "{\"a\":1}")
        #expect(String(decoding: try reader.readLine(deadline: deadline), as: UTF8.self) == "{\"b\":2}")
        #expect(throws: ControlError.self) { try reader.readLine(deadline: MonotonicClock.nanoseconds() + 20_000_000) }
    }

    @Test func malformedMessageIsRejected() {
        #expect(throws: ControlError.self) { try ControlCodec.decode(ControlRequest.self, from: Array("{\"configure\":42}".utf8)) }
    }

    @Test func oversizedLineIsRejected() throws {
        let pipe = try Sys.pipe()
        defer { Sys.close(pipe.read); Sys.close(pipe.write) }
        var reader = LineReader(fd: pipe.read, maximumLineBytes: 1024)
        let block = [UInt8](repeating: UInt8(ascii: "x"), count: 4096)
        _ = block.withUnsafeBytes { write(pipe.write, $0.baseAddress!, $0.count) }
        #expect {
            _ = try reader.readLine(deadline: MonotonicClock.nanoseconds() + 500_000_000)
        } throws: { error in
            if case ControlError.malformed(let why) = error { return why.contains("1024") }
            return false
        }
    }
}

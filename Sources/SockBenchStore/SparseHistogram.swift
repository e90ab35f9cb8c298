import Foundation
import Histogram
import SockBenchCore
import SockBenchModel
import SockBenchStats

extension SparseHistogram {
    func json() -> String {
        String(decoding: try! JSONEncoder().encode(self), as: UTF8.self) + "\n"
    }
}

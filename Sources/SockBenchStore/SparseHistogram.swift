import Foundation
import Histogram
import SockBenchCore
import SockBenchModel
import SockBenchStats

extension SparseHistogram {
    /// `{"buckets":[[value,count],...]}` and a newline: what JSONEncoder writes for this type,
    /// without its generic encoding of one small array per bucket (written once per measurement).
    func json() -> String {
        var text = "{\"buckets\":["
        text.reserveCapacity(16 + buckets.count * 16)
        for (index, bucket) in buckets.enumerated() {
            if index > 0 { text += "," }
            text += "[" + bucket.map(String.init).joined(separator: ",") + "]"
        }
        return text + "]}\n"
    }
}

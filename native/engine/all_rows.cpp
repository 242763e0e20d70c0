#include "all_rows.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "discrete_enumerator.hpp"
#include "enumerator.hpp"
#include "shortest.hpp"

namespace oinfo {

char* ByteBuffer::reserve(std::size_t extra) {
  if (size_ + extra > capacity_) {
    const std::size_t capacity = std::max(size_ + extra, capacity_ + capacity_ / 2);
    std::unique_ptr<char[]> grown(new char[capacity]);
    if (size_ > 0) std::memcpy(grown.get(), data_.get(), size_);
    data_ = std::move(grown);
    capacity_ = capacity;
  }
  return data_.get() + size_;
}

namespace {

inline char* put(char* out, const char* text, std::size_t length) {
  std::memcpy(out, text, length);
  return out + length;
}

inline char* put(char* out, const std::string& text) { return put(out, text.data(), text.size()); }

template <std::size_t N>
inline char* putLiteral(char* out, const char (&text)[N]) {
  return put(out, text, N - 1);
}

// Formats the rows of one size: a LeafRowVisitor over the enumeration's leaf rows.
class RowWriter final : public LeafRowVisitor {
 public:
  RowWriter(int k, const MeasureBias& bias, const RowStyle& style, ByteBuffer& out)
      : k_(k), bias_(style.estimator.biasCorrect ? bias : MeasureBias{}), units_(style.estimator.units), style_(style), out_(out) {
    const RowLabels& labels = *style.labels;
    std::size_t longest = 0;
    for (const auto& text : labels.text) longest = std::max(longest, text.size());
    const std::string size = std::to_string(k);
    head_ = style.format == RowFormat::Csv ? size + "," : "{\"size\":" + size + ",\"vars\":[";
    // Everything but the names: the head, four numbers and their separators or keys, quotes, the line end.
    fixed_ = head_.size() + 4 * shortest::kMaxChars + 64;
    longestName_ = longest + 1;
  }

  void row(const int* prefix, int vBegin, int vEnd, const double* omega, const double* tc) override {
    const RowLabels& labels = *style_.labels;
    const bool csv = style_.format == RowFormat::Csv;
    // The names of the row's common prefix, once per row.
    prefixText_.clear();
    prefixQuoted_ = false;
    for (int i = 0; i < k_ - 1; ++i) {
      prefixText_ += labels.text[prefix[i]];
      prefixText_ += csv ? ';' : ',';
      prefixQuoted_ = prefixQuoted_ || labels.quote[prefix[i]];
    }
    const std::size_t perRow = fixed_ + prefixText_.size() + longestName_;
    char* p = out_.reserve(perRow * static_cast<std::size_t>(vEnd - vBegin));
    for (int v = vBegin; v < vEnd; ++v) {
      if (std::isnan(omega[v])) {
        ++stats_.singular;
        continue;
      }
      ++stats_.rows;
      // As search_driver.hpp's report(): the size's bias constants, then the units.
      const double o = omega[v], t = tc[v];
      const double dtc = t - o;
      const double oinfo = toUnits(o + bias_.oinfo, units_);
      const double tcValue = toUnits(t + bias_.tc, units_);
      const double dtcValue = toUnits(dtc + bias_.dtc, units_);
      const double sinfo = toUnits(t + dtc + bias_.tc + bias_.dtc, units_);
      p = put(p, head_);
      if (csv) {
        p = shortest::writeNumber(p, oinfo);
        *p++ = ',';
        p = shortest::writeNumber(p, tcValue);
        *p++ = ',';
        p = shortest::writeNumber(p, dtcValue);
        *p++ = ',';
        p = shortest::writeNumber(p, sinfo);
        *p++ = ',';
        const bool quoted = prefixQuoted_ || labels.quote[v];
        if (quoted) *p++ = '"';
        p = put(p, prefixText_);
        p = put(p, labels.text[v]);
        if (quoted) *p++ = '"';
        *p++ = '\r';
        *p++ = '\n';
      } else {
        p = put(p, prefixText_);
        p = put(p, labels.text[v]);
        p = putLiteral(p, "],\"oinfo\":");
        p = shortest::writeNumber(p, oinfo);
        p = putLiteral(p, ",\"tc\":");
        p = shortest::writeNumber(p, tcValue);
        p = putLiteral(p, ",\"dtc\":");
        p = shortest::writeNumber(p, dtcValue);
        p = putLiteral(p, ",\"sinfo\":");
        p = shortest::writeNumber(p, sinfo);
        *p++ = '}';
        *p++ = '\n';
      }
    }
    out_.commit(p);
  }

  RowStats stats() const { return stats_; }

 private:
  int k_;
  MeasureBias bias_;
  Units units_;
  const RowStyle& style_;
  ByteBuffer& out_;
  std::string head_, prefixText_;
  bool prefixQuoted_ = false;
  std::size_t fixed_ = 0, longestName_ = 0;
  RowStats stats_;
};

template <class Enumerator>
RowStats appendRowsOf(Enumerator& enumerator, int k, const MeasureBias& bias, const RowStyle& style, std::uint64_t from,
                      std::uint64_t to, ByteBuffer& out, const std::atomic<bool>* cancel) {
  RowWriter writer(k, bias, style, out);
  const ShardStats walk = enumerator.scoreEvery(from, to, writer, cancel);
  RowStats stats = writer.stats();
  // Leaves of singular subtrees were never handed over: counted by the walk only.
  stats.singular = walk.singular;
  stats.cancelled = walk.cancelled;
  return stats;
}

}  // namespace

RowStats appendRows(TreeEnumerator& enumerator, int k, const MeasureBias& bias, const RowStyle& style, std::uint64_t from,
                    std::uint64_t to, ByteBuffer& out, const std::atomic<bool>* cancel) {
  return appendRowsOf(enumerator, k, bias, style, from, to, out, cancel);
}

RowStats appendRows(DiscreteEnumerator& enumerator, int k, const MeasureBias& bias, const RowStyle& style, std::uint64_t from,
                    std::uint64_t to, ByteBuffer& out, const std::atomic<bool>* cancel) {
  return appendRowsOf(enumerator, k, bias, style, from, to, out, cancel);
}

}  // namespace oinfo

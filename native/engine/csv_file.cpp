#include "csv_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "csv_numbers.hpp"
#include "parallel.hpp"

namespace oinfo {

namespace {

// The streaming buffer of a thread: large enough for few reads, small enough to stay in L2.
constexpr std::size_t kChunk = 256 << 10;

class File {
 public:
  explicit File(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
  ~File() {
    if (fd_ >= 0) ::close(fd_);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  // The size of a regular file, or false (not opened, not a regular file).
  bool size(std::size_t& bytes) const {
    struct stat st;
    if (fd_ < 0 || ::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) return false;
    bytes = static_cast<std::size_t>(st.st_size);
    return true;
  }

  // Exactly `length` bytes at `offset`, or false (an error, or the file ends sooner).
  bool read(char* into, std::size_t length, std::size_t offset) const {
    while (length > 0) {
      const ssize_t got = ::pread(fd_, into, length, static_cast<off_t>(offset));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return false;
      into += got;
      offset += static_cast<std::size_t>(got);
      length -= static_cast<std::size_t>(got);
    }
    return true;
  }

 private:
  int fd_;
};

// The offset just past the first LF at or after `from` (or `end`): where a part of the data starts.
bool lineStartFrom(const File& file, std::size_t from, std::size_t end, std::size_t& start) {
  char window[4096];
  while (from < end) {
    const std::size_t length = std::min(sizeof window, end - from);
    if (!file.read(window, length, from)) return false;
    if (const void* lf = std::memchr(window, '\n', length)) {
      start = from + static_cast<std::size_t>(static_cast<const char*>(lf) - window) + 1;
      return true;
    }
    from += length;
  }
  start = end;
  return true;
}

// The lines of [begin, end) (begin at a line start, end at a line start or the end of the file), read
// through one buffer: complete lines are parsed as they arrive, the partial one carried to the front.
bool readPart(const File& file, std::size_t begin, std::size_t end, int fields, bool crlf, std::vector<double>& rows) {
  std::vector<char> buffer(kChunk);
  std::size_t carried = 0;  // bytes of an unfinished line at the buffer's front
  for (std::size_t at = begin; at < end;) {
    if (carried == buffer.size()) buffer.resize(buffer.size() * 2);  // a line longer than the buffer
    const std::size_t length = std::min(buffer.size() - carried, end - at);
    if (!file.read(buffer.data() + carried, length, at)) return false;
    at += length;
    const char* first = buffer.data();
    const char* last = first + carried + length;
    // At the part's end every byte belongs to a line of this part; before it, only up to the last LF.
    const char* stop = last;
    if (at < end) {
      const char* lf = first;
      for (const char* p = last; p > first; --p)
        if (p[-1] == '\n') {
          lf = p;
          break;
        }
      stop = lf;
    }
    if (!readCsvRows(first, stop, fields, crlf, rows)) return false;
    carried = static_cast<std::size_t>(last - stop);
    std::memmove(buffer.data(), stop, carried);
  }
  return carried == 0 || readCsvRows(buffer.data(), buffer.data() + carried, fields, crlf, rows);
}

}  // namespace

bool readCsvFile(const std::string& path, const std::string& head, int fields, bool crlf, int threads, std::vector<double>& columns) {
  columns.clear();
  if (fields < 1) return false;
  const File file(path);
  std::size_t size = 0;
  if (!file.size(size) || size < head.size()) return false;
  std::string start(head.size(), '\0');
  if (!file.read(start.data(), start.size(), 0) || start != head) return false;  // changed since the caller read it

  const std::size_t length = size - head.size();
  const std::size_t parts = csvParts(length, threads);
  std::vector<std::size_t> starts(parts + 1, size);
  starts[0] = head.size();
  for (std::size_t k = 1; k < parts; ++k)
    if (!lineStartFrom(file, std::max(starts[k - 1], head.size() + length / parts * k), size, starts[k])) return false;

  std::vector<std::vector<double>> rows(parts);
  std::vector<char> ok(parts, 0);
  parallelFor(parts, static_cast<int>(parts), [&](std::size_t k) {
    rows[k].reserve((starts[k + 1] - starts[k]) / 16);
    ok[k] = readPart(file, starts[k], starts[k + 1], fields, crlf, rows[k]);
  });
  if (std::find(ok.begin(), ok.end(), 0) != ok.end()) return false;
  return columnsOfRows(rows, fields, columns);
}

}  // namespace oinfo

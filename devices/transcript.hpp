// Transcript: the record of one router session, written under the store as
// `transcripts/HOST/TIMESTAMP.log` (directories 0700, the file 0600, created exclusively).
//
// Everything the router sends (which includes the echo of every command typed) is written as the
// terminal would show it, with the controls left after that escaped (`\x0e`, `\u009b`; see
// base/printable.hpp) so that viewing a transcript cannot drive the viewer's terminal, plus
// `# licmig:` note lines for events (connected, sent the enable
// secret, dropped, reconnected). Every secret is masked before it reaches the disk, by the rules of
// snapshot/secrets.hpp under the store's mask key (snapshot::Store::mask_key(), read when the
// transcript is opened), and so are the values the credentials hold and any added secret (a
// registration token), wherever they appear. Received text is written by whole lines so a secret
// split across two reads is still masked, and the masker's section and block state runs on from one
// write to the next (a certificate chain spread over many reads).
//
// Thread-safety: one transcript per session, used by one thread.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "snapshot/secrets.hpp"

namespace licmig::devices {

class Transcript {
 public:
  Transcript() = default;  // a closed transcript: writes go nowhere
  Transcript(const Transcript &) = delete;
  Transcript &operator=(const Transcript &) = delete;
  ~Transcript();

  // Creates `store/transcripts/HOST/YYYYMMDDTHHMMSSZ.log` (with -N added when taken), masked with
  // the store's mask key (made if the store has none yet).
  static Result<std::string> open(Transcript &transcript, const std::string &store, const std::string &host,
                                  base::Clock &clock);

  bool is_open() const { return file_ != nullptr; }
  const std::string &path() const { return path_; }

  // A value masked wherever it appears from now on.
  void add_secret(const std::string &secret);

  void received(std::string_view text);  // router output
  void note(std::string_view text);      // a `# licmig:` line
  void flush();                          // writes a pending partial line
  void close();

 private:
  void write_out(std::string_view text);
  std::FILE *file_ = nullptr;
  std::string path_;
  std::string pending_;  // received text after the last newline
  std::vector<std::string> secrets_;
  snapshot::SecretMasker masker_{""};
  snapshot::MaskStream stream_{masker_};
};

}  // namespace licmig::devices

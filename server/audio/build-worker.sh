#!/usr/bin/env bash
# Build the mediasoup worker (Yuanba's audio) where mediasoup's own install could neither
# download it (GitHub) nor build it (pip + meson + downloads): from the npm registry and Debian
# 12's apt only, against Debian's system libraries instead of mediasoup's meson subprojects.
# Run as root (apt-get), ~11 min on 2 cores. The worker lands in .audio/ in the repo; then run
#   MEDIASOUP_WORKER_BIN=<printed path> npm install
# (mediasoup then installs without downloading anything) and `npm start` finds it by itself.
# Usage: [MS_VERSION=<package.json's>] [LINK=static|shared] [WORK=/tmp/mediasoup-worker-build]
#        [OUT_BIN=path] bash server/audio/build-worker.sh
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
# The worker must match the mediasoup package exactly (package.json pins it).
MS_VERSION="${MS_VERSION:-$(node -p "require('$REPO_DIR/package.json').optionalDependencies.mediasoup")}"
LINK="${LINK:-static}"  # static: Debian's .a for uv/srtp2/usrsctp/absl/openssl + static libstdc++ (shared: .so)
WORK="${WORK:-${TMPDIR:-/tmp}/mediasoup-worker-build}"
OUT_BIN="${OUT_BIN:-$REPO_DIR/.audio/mediasoup-worker-$MS_VERSION}"
mkdir -p "$(dirname "$OUT_BIN")"

# 1. Toolchain + system libs (Debian 12 bookworm).
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  g++ make pkg-config meson ninja-build flatbuffers-compiler \
  libuv1-dev libssl-dev libsrtp2-dev libusrsctp-dev libabsl-dev libflatbuffers-dev >/dev/null

# 2. Sources: the worker/ folder of the npm tarball (no git, no GitHub).
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK"
npm pack --silent "mediasoup@$MS_VERSION" >/dev/null
tar xzf "mediasoup-$MS_VERSION.tgz"
cd package/worker

# 3. Replace the downloadable subprojects by local "shim" subprojects that wrap
#    Debian's libraries and export the variable names mediasoup's meson.build uses.
rm -f subprojects/*.wrap
S=$([ "$LINK" = static ] && echo true || echo false)
shim() { # shim NAME MESON_BODY [OPTION...]  (options mediasoup passes via default_options)
  mkdir -p "subprojects/$1"
  for o in "${@:3}"; do echo "option('$o', type: 'string', value: '')"; done > "subprojects/$1/meson_options.txt"
  echo 'typedef int ms_shim_unused;' > "subprojects/$1/stub.c"
  printf "project('%s', 'c', 'cpp')\nstub = static_library('%s-stub', 'stub.c')\n%s\n" "$1" "$1" "$2" \
    > "subprojects/$1/meson.build"
}
shim openssl "openssl_dep = dependency('openssl', version: '>=3.0', static: $S)
libcrypto_lib = stub
libssl_lib = stub"
shim libuv "libuv_dep = dependency($([ "$LINK" = static ] && echo "'libuv-static'" || echo "'libuv'"), version: '>=1.44')
libuv = stub" build_tests build_benchmarks
# mediasoup >= 3.13 uses versatica's libsrtp 3.x API; Debian has libsrtp 2.5:
# an <srtp.h> compat header maps the few changed calls onto libsrtp2.
shim libsrtp3 "libsrtp3_dep = declare_dependency(include_directories: include_directories('compat'),
  dependencies: dependency('libsrtp2', static: $S))
libsrtp3 = stub" crypto-library crypto-library-kdf tests
mkdir -p subprojects/libsrtp3/compat
# mediasoup >= 3.2x also uses libsrtp 3's opaque policy object (srtp_policy_create() ...):
# rename libsrtp2's policy struct and wrap it (only then: older versions use the struct).
if grep -q srtp_policy_create src/RTC/SrtpSession.cpp; then
cat > subprojects/libsrtp3/compat/srtp-policy3.h <<'EOF'
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>
#include <new>
#define srtp_policy_t ms_srtp2_policy_t
#include <srtp2/srtp.h>
#undef srtp_policy_t
struct ms_srtp3_policy { ms_srtp2_policy_t p{}; std::vector<uint8_t> keySalt; };
typedef ms_srtp3_policy* srtp_policy_t;
inline srtp_err_status_t srtp_policy_create(srtp_policy_t* policy)
{ *policy = new (std::nothrow) ms_srtp3_policy(); return *policy ? srtp_err_status_ok : srtp_err_status_alloc_fail; }
inline void srtp_policy_destroy(srtp_policy_t policy) { delete policy; }
inline srtp_err_status_t srtp_policy_set_ssrc(srtp_policy_t policy, srtp_ssrc_t ssrc)
{ policy->p.ssrc = ssrc; return srtp_err_status_ok; }
inline srtp_err_status_t srtp_policy_set_profile(srtp_policy_t policy, srtp_profile_t profile)
{
  srtp_err_status_t err = srtp_crypto_policy_set_from_profile_for_rtp(&policy->p.rtp, profile);
  if (err != srtp_err_status_ok) return err;
  return srtp_crypto_policy_set_from_profile_for_rtcp(&policy->p.rtcp, profile);
}
inline srtp_err_status_t srtp_policy_add_key(srtp_policy_t policy, const uint8_t* key, size_t keyLen,
  const uint8_t* salt, size_t saltLen, const uint8_t* /*mki*/, size_t mkiLen)
{
  if (mkiLen != 0 || !policy->keySalt.empty()) return srtp_err_status_bad_param; // one key, no MKI
  policy->keySalt.assign(key, key + keyLen);
  policy->keySalt.insert(policy->keySalt.end(), salt, salt + saltLen);
  policy->p.key = policy->keySalt.data();
  return srtp_err_status_ok;
}
inline srtp_err_status_t srtp_policy_set_allow_repeat_tx(srtp_policy_t policy, bool allow)
{ policy->p.allow_repeat_tx = allow ? 1 : 0; return srtp_err_status_ok; }
inline srtp_err_status_t srtp_policy_set_window_size(srtp_policy_t policy, size_t size)
{ policy->p.window_size = size; return srtp_err_status_ok; }
inline srtp_err_status_t srtp_create(srtp_t* session, srtp_policy_t policy)
{ return ::srtp_create(session, &policy->p); }
EOF
else
  echo '#include <srtp2/srtp.h>' > subprojects/libsrtp3/compat/srtp-policy3.h
fi
cat > subprojects/libsrtp3/compat/srtp.h <<'EOF'
// libsrtp 3.x API subset used by mediasoup, implemented on Debian's libsrtp 2.5.
#pragma once
#include "srtp-policy3.h"
#include <climits>
#include <cstring>
constexpr srtp_err_status_t srtp_err_status_buffer_small = static_cast<srtp_err_status_t>(26);
constexpr srtp_err_status_t srtp_err_status_cryptex_err  = static_cast<srtp_err_status_t>(27);
inline srtp_err_status_t ms_srtp2_call(srtp_err_status_t (*fn)(srtp_t, void*, int*), srtp_t ctx,
  const uint8_t* in, size_t inLen, uint8_t* out, size_t* outLen, size_t trailer)
{
  if (inLen + trailer > *outLen || inLen > INT_MAX) return srtp_err_status_buffer_small;
  if (out != in) std::memmove(out, in, inLen); // libsrtp2 works in place
  int len = static_cast<int>(inLen);
  const srtp_err_status_t err = fn(ctx, out, &len);
  if (err == srtp_err_status_ok) *outLen = static_cast<size_t>(len);
  return err;
}
inline srtp_err_status_t srtp_protect(srtp_t c, const uint8_t* i, size_t il, uint8_t* o, size_t* ol, size_t /*mki*/)
{ return ms_srtp2_call(::srtp_protect, c, i, il, o, ol, SRTP_MAX_TRAILER_LEN); }
inline srtp_err_status_t srtp_protect_rtcp(srtp_t c, const uint8_t* i, size_t il, uint8_t* o, size_t* ol, size_t /*mki*/)
{ return ms_srtp2_call(::srtp_protect_rtcp, c, i, il, o, ol, SRTP_MAX_TRAILER_LEN); }
inline srtp_err_status_t srtp_unprotect(srtp_t c, const uint8_t* i, size_t il, uint8_t* o, size_t* ol)
{ return ms_srtp2_call(::srtp_unprotect, c, i, il, o, ol, 0); }
inline srtp_err_status_t srtp_unprotect_rtcp(srtp_t c, const uint8_t* i, size_t il, uint8_t* o, size_t* ol)
{ return ms_srtp2_call(::srtp_unprotect_rtcp, c, i, il, o, ol, 0); }
inline srtp_err_status_t srtp_stream_remove(srtp_t s, uint32_t ssrc) { return srtp_remove_stream(s, ssrc); }
EOF
shim usrsctp "usrsctp_dep = dependency('usrsctp', static: $S)
usrsctp = stub" sctp_build_programs
shim abseil-cpp "absl = []
foreach m : ['absl_flat_hash_map', 'absl_flat_hash_set', 'absl_btree', 'absl_inlined_vector', 'absl_memory']
  absl += dependency(m, static: $S)
endforeach
absl_container_dep = declare_dependency(dependencies: absl)
absl_strings_dep = dependency('absl_strings', static: $S)
absl_types_dep = declare_dependency(dependencies: [dependency('absl_optional', static: $S), dependency('absl_variant', static: $S)])
absl_container_lib = stub"
shim flatbuffers "flatbuffers_dep = dependency('flatbuffers', static: $S)
flatbuffers_lib = stub"
shim catch2 "catch2_dep = declare_dependency()" # only for the (not built) unit tests
# mediasoup >= 3.2x: header-only ankerl::unordered_dense (not in Debian 12): a pkg-config file
# pointing at a copy of include/ankerl/unordered_dense.h (UD_INCLUDE = the folder holding ankerl/).
if grep -q "dependency('unordered_dense')" meson.build; then
  UD_INCLUDE="${UD_INCLUDE:-$SCRIPT_DIR/vendor}"   # a folder holding ankerl/unordered_dense.h (4.8.1, MIT)
  [ -f "$UD_INCLUDE/ankerl/unordered_dense.h" ] || { echo "no ankerl/unordered_dense.h under $UD_INCLUDE: set UD_INCLUDE" >&2; exit 1; }
  mkdir -p "$WORK/pc"
  printf 'Name: unordered_dense\nDescription: ankerl::unordered_dense\nVersion: 4.8.1\nCflags: -I%s\n' "$UD_INCLUDE" > "$WORK/pc/unordered_dense.pc"
  export PKG_CONFIG_PATH="$WORK/pc${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
fi

# REQUIRED with Debian's OpenSSL (built with KTLS): mediasoup's BIO callback returns 1 for the
# post-call of every BIO_ctrl(), so BIO_get_ktls_send() reports "kTLS on", OpenSSL skips the
# DTLS write buffer and the worker SIGSEGVs (do_dtls1_write) at the first DTLS handshake.
# Fix: return the real result for all BIO_CB_RETURN calls.
sed -i 's/(operationType == BIO_CB_RETURN) ? static_cast<long>(ret) : 1/(operationType \& BIO_CB_RETURN) ? static_cast<long>(ret) : 1/' src/RTC/DtlsTransport.cpp
grep -q '(operationType & BIO_CB_RETURN)' src/RTC/DtlsTransport.cpp || { echo "DTLS BIO patch failed" >&2; exit 1; }

# Debian 12 ships meson 1.0.1; mediasoup asks for >= 1.1.0 but builds fine with 1.0.1.
sed -i "s/meson_version: '>= 1.1.0'/meson_version: '>= 1.0.0'/" meson.build

# 4. Configure + build (same flags as mediasoup's tasks.py; liburing off: Debian's 2.3 is too old).
args=(--buildtype release -Db_ndebug=true --wrap-mode=nodownload -Dwarning_level=0)
grep -q ms_disable_liburing meson_options.txt && args+=(-Dms_disable_liburing=true)  # option gone in newer versions
[ "$LINK" = static ] && args+=("-Dcpp_link_args=-static-libstdc++ -static-libgcc")
meson setup out "${args[@]}" ${MESON_EXTRA_ARGS:-}
# Older versions: generate FBS/*.h first (a directory target, not an ordered dep of the binary).
# Newer ones declare each header as an ordered dependency and have no fbs/FBS target.
if ninja -C out -t targets all | grep -q '^fbs/FBS:'; then ninja -C out fbs/FBS; fi
ninja -C out mediasoup-worker
strip out/mediasoup-worker
install -m 0755 out/mediasoup-worker "$OUT_BIN"
echo "built: $OUT_BIN"
echo "next:  MEDIASOUP_WORKER_BIN=$OUT_BIN npm install   (npm start finds it by itself)"

#!/bin/sh
# Writes the seed corpora under tests/fuzz/corpus/ (committed as files; run
# again only to change them). A handful of small inputs per harness, valid
# and invalid, that reach every branch a fuzzer would take long to find.
set -eu
cd "$(dirname "$0")/corpus"

# $1: harness, $2: file name, $3: printf format of the bytes.
seed() {
	mkdir -p "$1"
	# shellcheck disable=SC2059
	printf -- "$3" >"$1/$2"
}

# --- gcounter_decode: 'G', version 1, varint slot count, varint slots ---
seed gcounter_decode valid_one_zero_slot        'G\001\001\000'
seed gcounter_decode valid_three_slots          'G\001\003\003\000\001'
seed gcounter_decode valid_300_two_byte_varint  'G\001\001\254\002'
seed gcounter_decode valid_uint64_max           'G\001\002\377\377\377\377\377\377\377\377\377\001\000'
seed gcounter_decode valid_128_slots            "G\\001\\200\\001$(printf '%0128d' 0 | sed 's/0/\\001/g')"
seed gcounter_decode valid_then_trailing_bytes  'G\001\001\005G\001'
seed gcounter_decode invalid_empty              ''
seed gcounter_decode invalid_magic              'g\001\001\000'
seed gcounter_decode invalid_version            'G\002\001\000'
seed gcounter_decode invalid_zero_slots         'G\001\000'
seed gcounter_decode invalid_too_many_slots     'G\001\201\040'
seed gcounter_decode invalid_truncated_slots    'G\001\004\001\002'
seed gcounter_decode invalid_overlong_varint    'G\001\001\200\000'
seed gcounter_decode invalid_past_64_bits       'G\001\001\377\377\377\377\377\377\377\377\377\002'
seed gcounter_decode invalid_unended_varint     'G\001\001\200\200'

# --- value: the text, then optional NUL-separated hint candidates ---
seed value duration_ms          '20ms'
seed value duration_fraction    '1.5s'
seed value duration_minutes     '2m'
seed value range_shared_unit    '180-220ms'
seed value range_mixed_units    '1s-1500ms'
seed value latency_exponential  'exp:30ms'
seed value uint_leading_zeros   '0042'
seed value double_negative      '-2.5'
seed value probability_percent  '10%%'
seed value invalid_finer        '0.0000001s'
seed value invalid_backwards    '50-10ms'
seed value invalid_whitespace   '20 ms'
seed value invalid_huge         '99999999999999999999999m'
seed value invalid_unit         '20sec'
seed value suggest_candidates   'nods\000nodes\000seed\000strategy'
seed value suggest_case         'RELAY\000relay\000gossip'

# --- options: argv after the program name, NUL-separated ---
seed options empty              ''
seed options headless_run       '--headless\000--nodes\0006\000--rate\00050\000--duration\0002s'
seed options equals_forms       '--nodes=3\000--latency=exp:30ms\000--drop=10%%\000--headless\000--json'
seed options faults             '--nodes\0005\000--partition\000n3:in\000--crash\000relay\000--crash\000n2\000--amnesia'
seed options reader_theme       '--reader\000sticky\000--read-rate\0005\000--theme\000projector\000--big\000--no-color'
seed options strategy_hybrid    '--strategy\000hybrid\000--hybrid-changes\0004\000--fanout\0002\000--gossip-interval\000100-300ms'
seed options help               '--help'
seed options version_short      '-V'
seed options invalid_unknown    '--nods\0003'
seed options invalid_missing    '--seed'
seed options invalid_node       '--nodes\0002\000--partition\000n9'
seed options invalid_json_alone '--json'
seed options invalid_positional 'extra'

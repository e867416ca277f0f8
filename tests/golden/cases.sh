# The golden cases: runs whose every byte must stay the same across a change
# of shape. Each line of `golden_cases` is: a name, then gcounter's
# arguments. @DIR@ is where the case may write files (casts, logs); what it
# writes there is part of its output. @ASSETS@ is the shipped assets folder
# ($assets and $bin, set by run.sh, say where it is and what runs).
# The strategies and modes as --help lists them, so that a new one gets
# its cases (and, until --update saves them, a failure saying so).
help_list() {
	"$bin" --help | awk -v section="$1:" '
		$0 == section { f = 1; next }
		/^[A-Z]/ { f = 0 }
		f && /^  [a-z]/ { print $1 }'
}

golden_cases() {
	local strategies modes
	strategies=$(help_list Strategies)
	modes=$(help_list Modes)
	# Every strategy x mode x CRDT, with drops and duplicates, and a
	# reader for the G-Counter (a PN-Counter refuses one).
	for crdt in gcounter pncounter; do
		reader=""
		[ "$crdt" = gcounter ] && reader="--reader random"
		for strategy in $strategies; do
			for mode in $modes; do
				echo "$crdt-$strategy-$mode --headless --trace --json --seed 7 --nodes 5 --crdt $crdt --strategy $strategy --mode $mode --rate 25 --duration 2s --drop 10% --duplicate 10% $reader"
			done
		done
	done
	# Faults from the start, each strategy's summary in words.
	for strategy in $strategies; do
		echo "faults-$strategy --headless --seed 11 --nodes 6 --strategy $strategy --rate 40 --duration 3s --partition n3 --partition n5:in --crash n2 --latency exp:30ms --reader sticky"
	done
	echo "relay-crashed --headless --json --seed 5 --crash relay --rate 20 --duration 1s"
	echo "amnesia --headless --json --seed 5 --amnesia --crash n1 --rate 20 --duration 2s"
	echo "oneway --headless --json --seed 9 --partition n1:out --partition n2:in --rate 30 --duration 1s --fanout 3 --strategy gossip"
	echo "hybrid-changes --headless --json --seed 4 --strategy hybrid --hybrid-changes 7 --gossip-interval 50-90ms --rate 80 --duration 2s --nodes 9"
	echo "many-nodes --headless --json --seed 2 --nodes 64 --rate 200 --duration 1s --strategy gossip --mode delta"
	echo "pn-delta-faults --headless --trace --json --seed 13 --crdt pncounter --mode delta --strategy gossip --rate 50 --duration 2s --drop 0.3 --crash n4"
	echo "defaults --headless --seed 1"
	# A moment of a run, of a scenario and of its saved log.
	echo "at-free --headless --trace --seed 5 --nodes 5 --rate 20 --drop 10% --at 1500ms"
	echo "at-script --headless --json --script @ASSETS@/scenarios/02-partition-and-heal.gcs --at 8s"
	echo "at-past-the-end --headless --script @ASSETS@/scenarios/04-single-point-of-failure.gcs --at 40s"
	# Every shipped scenario: headless in words, in JSON with a trace, a
	# saved log and its replay, and rendered to a cast.
	for path in "$assets"/scenarios/*.gcs; do
		name=$(basename "$path" .gcs)
		path=@ASSETS@/scenarios/$name.gcs
		echo "script-$name --headless --script $path --save-log @DIR@/log.gcl"
		echo "script-json-$name --headless --json --trace --script $path"
		echo "render-$name --render @DIR@/out.cast --script $path"
		echo "render-wide-$name --render @DIR@/out.cast --cols 120 --rows 40 --theme projector --big --script $path"
	done
	echo "render-mono --render @DIR@/out.cast --no-color --show-keys --script @ASSETS@/scenarios/02-partition-and-heal.gcs"
	# What a user reads: help, version, and one-line errors.
	echo "help --help"
	echo "version --version"
	echo "err-nodes --nodes 0 --headless"
	echo "err-nodes-big --nodes 10001 --headless"
	echo "err-strategy --strategy gosip --headless"
	echo "err-mode --mode opp --headless"
	echo "err-op-gossip --mode op --strategy gossip --headless"
	echo "err-op-amnesia --mode op --amnesia --headless"
	echo "err-rate --rate -1 --headless"
	echo "err-duration --duration 0s --headless"
	echo "err-duration-unit --duration 10 --headless"
	echo "err-latency --latency 5-1ms --headless"
	echo "err-drop --drop 2 --headless"
	echo "err-partition --partition n9 --headless"
	echo "err-partition-dir --partition n1:sideways --headless"
	echo "err-crash --crash nobody --headless"
	echo "err-reader --reader often --headless"
	echo "err-theme --theme neon --headless"
	echo "err-seed --seed -5 --headless"
	echo "err-unknown --frobnicate"
	echo "err-script-missing --headless --script @DIR@/none.gcs"
	echo "err-render-noscript --render @DIR@/x.cast"
	echo "err-cols --cols 20 --render @DIR@/x.cast --script @ASSETS@/scenarios/01-original-design.gcs"
	echo "err-fanout --fanout 0 --strategy gossip --headless"
	echo "err-hybrid --hybrid-changes 5000 --headless"
	echo "err-gossip --gossip-interval 10us --headless"
	echo "read-rate-zero --read-rate 0 --reader random --seed 1 --duration 1s --headless"
	echo "err-dashboard-notty"
}

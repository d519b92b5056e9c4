# remote workers through the product's command line: a real broker and two real workers on 127.0.0.1, started
# and stopped here (sourced by run-cli-tests.sh)
RB="$WORK/broker"; mkdir -p "$RB"
RHOME="$WORK/remote-home"; mkdir -p "$RHOME"   # no local broker of the user interferes
HOME="$RHOME" "$DAYBREAK" broker --data "$RB" --port 0 >"$WORK/broker.out" 2>"$WORK/broker.err" &
BROKER_PID=$!
for i in $(seq 1 150); do grep -q "^broker ready at " "$WORK/broker.out" 2>/dev/null && break; sleep 0.2; done
URL=$(sed -n 's/^broker ready at //p' "$WORK/broker.out")
if [ -n "$URL" ] && [ -s "$RB/admin.password" ] && [ "$(stat -c %a "$RB/admin.password")" = 600 ]; then
  pass "broker prints 'broker ready at URL' and keeps the admin password in DATA/admin.password (mode 600)"
else
  fail "broker starts" "$(cat "$WORK/broker.out" "$WORK/broker.err" | head -5)"
fi
AUTH=(--user admin --password-file "$RB/admin.password")
run timeout 60 env HOME="$RHOME" "$DAYBREAK" broker --data "$RB" --port 0
expect_one_line_error "a second broker on the same data directory: one line, exit 2"
WPIDS=()
for w in cli-w1 cli-w2; do
  HOME="$RHOME" "$DAYBREAK" worker --broker "$URL" "${AUTH[@]}" --name $w --threads 1 >"$WORK/$w.log" 2>&1 &
  WPIDS+=($!)
done
stop_remote() { kill "${WPIDS[@]}" 2>/dev/null; wait "${WPIDS[@]}" 2>/dev/null; kill $BROKER_PID 2>/dev/null; wait $BROKER_PID 2>/dev/null; }
for i in $(seq 1 150); do
  HOME="$RHOME" "$DAYBREAK" jobs workers --broker "$URL" "${AUTH[@]}" --json 2>/dev/null | grep -c '"state":"alive"' | grep -q 2 && break
  sleep 0.2
done

run env HOME="$RHOME" "$DAYBREAK" jobs submit --broker "$URL" "${AUTH[@]}" --kind core.echo --params '{"a": [1, 2], "s": "x"}' --count 3 --wait --json
expect_code "jobs submit --wait --json exits 0" 0
res=$(echo "$out" | $PY -c "
import json, sys, datetime
rs = [json.loads(l) for l in sys.stdin if l.strip()]
t = lambda s: datetime.datetime.strptime(s, '%Y-%m-%dT%H:%M:%S.%fZ')
ok = len(rs) == 3 and all(list(r) == ['id', 'kind', 'state', 'worker', 'attempts', 'result', 'queued', 'started', 'finished']
    and r['state'] == 'done' and r['result'] == {'a': [1, 2], 's': 'x'} and r['attempts'] == 1
    and r['worker'] in ('cli-w1', 'cli-w2') and t(r['queued']) <= t(r['finished']) and len(r['queued']) == 24 for r in rs)
print('OK' if ok else rs)" 2>&1)
[ "$res" = "OK" ] && pass "jobs submit --wait --json: one record per job with the issue's keys, ISO-8601 UTC ms times" || fail "jobs submit records" "$res"

run env HOME="$RHOME" "$DAYBREAK" jobs submit --broker "$URL" "${AUTH[@]}" --kind core.echo --params '{"fail": true}' --wait --json
res=$(echo "$out" | $PY -c "import json,sys; r=json.loads(sys.stdin.read()); print('OK' if r['state']=='failed' and r['error']=='core.echo failed on purpose' and 'result' not in r else r)" 2>&1)
[ "$code" -eq 1 ] && [ "$res" = "OK" ] && pass "a failing job: state failed with its reason, exit 1" || fail "failing job" "exit $code; $res"

run env HOME="$RHOME" "$DAYBREAK" jobs list --broker "$URL" "${AUTH[@]}" --json
res=$(echo "$out" | $PY -c "
import json, sys
rs = [json.loads(l) for l in sys.stdin if l.strip()]
print('OK' if len(rs) == 4 and all('params' in r for r in rs) and sum(r['state'] == 'failed' and r['dead'] for r in rs) == 1 else rs)" 2>&1)
[ "$res" = "OK" ] && pass "jobs list --json: every record with its params; the failed one in the dead-letter queue" || fail "jobs list --json" "$res"

run env HOME="$RHOME" "$DAYBREAK" jobs timeline --broker "$URL" "${AUTH[@]}" --html "$WORK/timeline.html"
if [ "$code" -eq 0 ] && grep -q "cli-w" "$WORK/timeline.html" && ! grep -qE '(src|href)="http' "$WORK/timeline.html"; then
  pass "jobs timeline --html writes a self-contained page with the workers' lanes"; else fail "jobs timeline --html" "$err"; fi

# the same reconstruction through the broker, bit for bit (a real DataExchange scan)
run "$DAYBREAK" tomo recon "$TESTDATA/tomopy/tooth.h5" --slices 0:1 --center 296 --out "$WORK/tooth-local.npy"
expect_code "tomo recon (local) of the tooth scan exits 0" 0
run env HOME="$RHOME" "$DAYBREAK" tomo recon "$TESTDATA/tomopy/tooth.h5" --slices 0:1 --center 296 --out "$WORK/tooth-remote.npy" --remote "$URL" "${AUTH[@]}"
expect_code "tomo recon --remote exits 0" 0
if cmp -s "$WORK/tooth-local.npy" "$WORK/tooth-remote.npy"; then pass "remote tomo recon equals the local one bit for bit"
else fail "remote tomo recon equals the local one bit for bit" "$(ls -la "$WORK"/tooth-*.npy 2>&1)"; fi
ls "$WORK"/.tooth-remote.part-* >/dev/null 2>&1 && fail "no part file is left beside the output" || pass "no part file is left beside the output"

# files carried in the messages instead of read by reference: the output comes back and is written here
run env HOME="$RHOME" "$DAYBREAK" jobs submit --broker "$URL" "${AUTH[@]}" --kind tomo.recon --wait --json \
  --params "{\"transfer\": \"carry\", \"out\": \"$WORK/tooth-carried.npy\", \"slices\": \"0:1\", \"center\": \"296\"}" \
  --inputs "{\"scan\": \"$TESTDATA/tomopy/tooth.h5\"}"
expect_code "a tomo.recon job with its files carried exits 0" 0
cmp -s "$WORK/tooth-local.npy" "$WORK/tooth-carried.npy" && pass "carried input and output: the same reconstruction bit for bit" \
  || fail "carried tomo.recon equals the local one" "$out $err"
run env HOME="$RHOME" "$DAYBREAK" jobs submit --broker "$URL" "${AUTH[@]}" --kind tomo.recon --wait --json \
  --params "{\"out\": \"$WORK/never.npy\"}" --inputs "{\"scan\": \"/nonexistent/scan.nxs\"}"
res=$(echo "$out" | $PY -c "import json,sys; r=json.loads(sys.stdin.read()); print('OK' if r['state']=='failed' and 'cannot read input' in r['error'] and '/nonexistent/scan.nxs' in r['error'] else r)" 2>&1)
[ "$code" -eq 1 ] && [ "$res" = "OK" ] && pass "a job whose input the worker cannot read fails with that reason" || fail "unreadable input" "exit $code; $res"
run env HOME="$RHOME" "$DAYBREAK" jobs submit --broker "$URL" "${AUTH[@]}" --kind tomo.recon --params '{"flat_mod": "x"}'
expect_one_line_error "a misspelt job parameter: one line naming it, exit 2"
grep -q "tomo.recon has no parameter 'flat_mod'" "$WORK/err" && pass "the misspelt parameter is named" || fail "misspelt parameter named" "$err"

$PY -c "
import numpy
rng = numpy.random.default_rng(3)
numpy.save('$WORK/volt.npy', rng.integers(-40, 40, size=(3, 1, 4096), dtype=numpy.int8))"
run "$DAYBREAK" corr run --in "$WORK/volt.npy" --out "$WORK/vis-local.npy" --channels 64 --integrate 8
run env HOME="$RHOME" "$DAYBREAK" corr run --in "$WORK/volt.npy" --out "$WORK/vis-remote.npy" --channels 64 --integrate 8 --remote "$URL" "${AUTH[@]}"
expect_code "corr run --remote exits 0" 0
cmp -s "$WORK/vis-local.npy" "$WORK/vis-remote.npy" && pass "remote corr run equals the local one" || fail "remote corr run equals the local one"

$PY -c "
import numpy
x = numpy.linspace(0, 20, 400); rng = numpy.random.default_rng(5)
y = 30 * numpy.exp(-(x - 8.3) ** 2 / 2) + 0.5 * x + 2 + rng.normal(0, 0.3, x.size)
numpy.savetxt('$WORK/rpeak.csv', numpy.c_[x, y], delimiter=',')
st = numpy.array([30 * numpy.exp(-(x - c) ** 2 / 2) + 1 + rng.normal(0, 0.3, x.size) for c in (7, 8, 9, 10)])
numpy.save('$WORK/rstack.npy', st); numpy.save('$WORK/rx.npy', x)"
run "$DAYBREAK" fit --data "$WORK/rpeak.csv" --model gaussian+linear --json
local_fit=$out
run env HOME="$RHOME" "$DAYBREAK" fit --data "$WORK/rpeak.csv" --model gaussian+linear --json --remote "$URL" "${AUTH[@]}"
[ "$code" -eq 0 ] && [ -n "$out" ] && [ "$out" = "$local_fit" ] && pass "fit --remote of one trace prints exactly the local result" || fail "fit --remote (one trace)" "exit $code; $(echo "$out" | head -3) $err"
run "$DAYBREAK" fit --data "$WORK/rstack.npy" --x "$WORK/rx.npy" --model gaussian+linear --params p1_center=8 --json
local_fit=$out
run env HOME="$RHOME" "$DAYBREAK" fit --data "$WORK/rstack.npy" --x "$WORK/rx.npy" --model gaussian+linear --params p1_center=8 --json --remote "$URL" "${AUTH[@]}"
[ "$code" -eq 0 ] && [ -n "$out" ] && [ "$out" = "$local_fit" ] && pass "fit --remote of a stack prints exactly the local result" || fail "fit --remote (stack)" "exit $code; $err"

run "$DAYBREAK" jobs kinds --json
res=$(echo "$out" | $PY -c "
import json, sys
ks = {k['kind']: k for k in json.load(sys.stdin)}
t = {p['name']: p for p in ks['tomo.recon']['parameters']}
ok = set(ks) >= {'core.echo', 'tomo.recon', 'corr.run', 'fit.batch'} and t['flat_mode']['old_spellings'] == ['flatMode'] \
    and t['ring_size']['default'] == 21 and all(p['name'] == p['name'].lower() for k in ks.values() if k['parameters'] != 'any' for p in k['parameters'])
print('OK' if ok else sorted(ks))" 2>&1)
[ "$res" = "OK" ] && pass "jobs kinds --json: every kind with snake_case parameters, types, defaults and old spellings" || fail "jobs kinds --json" "$res"
run "$DAYBREAK" tomo recon --sinogram "$WORK/nothing.npy" --angles "$WORK/nothing.npy" --out "$WORK/x.npy" --device tpu
expect_one_line_error "tomo recon --device tpu: one line, exit 2"

# errors: one line, exit 2
run env HOME="$RHOME" "$DAYBREAK" jobs list --broker "$URL" --user admin --password-file "$WORK/volt.npy"
expect_one_line_error "wrong password: one line, exit 2"
run env HOME="$RHOME" "$DAYBREAK" jobs list
expect_one_line_error "no broker named and none running locally: one line, exit 2"
run env HOME="$RHOME" "$DAYBREAK" jobs list --broker tcp://no-such-host.invalid:61616 "${AUTH[@]}"
expect_one_line_error "unknown host: one line, exit 2"
run env HOME="$RHOME" "$DAYBREAK" tomo recon "$TESTDATA/tomopy/tooth.h5" --slices 0:1 --out "$WORK/x.npy" --remote tcp://127.0.0.1:9 "${AUTH[@]}"
expect_one_line_error "tomo recon --remote with no broker there: one line, exit 2"
run env HOME="$RHOME" "$DAYBREAK" jobs submit --broker "$URL" "${AUTH[@]}" --kind core.echo --params '[1'
expect_one_line_error "jobs submit with bad --params JSON: one line, exit 2"
run env HOME="$RHOME" "$DAYBREAK" jobs submit --broker "$URL" "${AUTH[@]}" --kind no.such.kind --wait
[ "$code" -eq 1 ] && grep -q "knows no job kind 'no.such.kind'" "$WORK/out" && pass "an unknown job kind fails with the worker's reason" || fail "unknown job kind" "exit $code: $out $err"

# SIGTERM: the workers stop in order, the broker stops and removes nothing it keeps
kill -TERM "${WPIDS[@]}"; wait "${WPIDS[@]}" 2>/dev/null
grep -q "stopped" "$WORK/cli-w1.log" && pass "worker stops in order on SIGTERM" || fail "worker stops on SIGTERM" "$(tail -3 "$WORK/cli-w1.log")"
kill -TERM $BROKER_PID; wait $BROKER_PID 2>/dev/null
[ -s "$RB/ledger/records.jsonl" ] && pass "the broker keeps the job records in its data directory" || fail "job records kept"
stop_remote

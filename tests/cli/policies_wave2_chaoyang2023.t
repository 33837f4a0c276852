#!/usr/bin/env bash
# The measures of 北京市朝阳区人民政府公报 2023年第2期 (M14, M15 of docs/policies.md) end to end:
# (1) `gazette eval ID --input FILE.json --as-of DATE --json` on each worked case, every field
# the case gives compared exactly after decoding the JSON; (2) `gazette run` over their sample
# tables (tests/fixtures/wave2_chaoyang2023.sql): no error rows, and the calculators' date,
# text and count outputs as CSV columns with an empty amount.
. "$(dirname "$0")/../tap.sh"
command -v sqlite3 >/dev/null || { echo "1..0 # SKIP sqlite3 not installed"; exit 0; }

# jget JSON PATH: the value at a dotted path of a JSON text, "null" for JSON null.
jget() {
  "$GAZETTE" -e "local json = require 'json'
    local v = json.decode([==[$1]==])
    for k in ('$2'):gmatch('[^.]+') do
      if type(v) ~= 'table' then return '(no ' .. '$2' .. ')' end
      v = v[k]
    end
    if v == json.null then return 'null' end
    if v == nil then return '(absent)' end
    return tostring(v)"
}
# ev ID JSON-TEXT AS_OF [ARGS...]: eval on an input file holding JSON-TEXT
ev() {
  local id=$1 input=$2 as_of=$3; shift 3
  printf '%s\n' "$input" > "$TMP/in.json"
  run "$GAZETTE" eval "$id" --input "$TMP/in.json" --as-of "$as_of" --json "$@"
}
# expect FIELD VALUE DESC: a field of the last eval's JSON
expect() { is "$(jget "$OUT" "$1")" "$2" "$3"; }

M14=chaoyang.one-industry-one-licence
# 咖啡厅 (25, first batch): line 686 必须 食品/小规模 (区市场监管局); selected 687 出版物 (相关单位) and
# 689 污水 (市水务局；区水务局)
ev $M14 '{"industry_code": "25", "selected": [{"licence": "出版物经营许可证"}, {"licence": "城镇污水排入排水管网许可证"}]}' 2023-06-01
is "$RC" 0 "M14 咖啡厅: eval exits 0"
expect status eligible "M14 咖啡厅: eligible"
expect amount null "M14 咖啡厅: amount null (no main amount)"
expect outputs.industry "咖啡厅" "M14 咖啡厅: industry"
expect outputs.mandatory "食品经营许可证/北京市小规模食品生产经营许可证" "M14 咖啡厅: mandatory, the A/B row as one item"
expect outputs.on_demand "出版物经营许可证；城镇污水排入排水管网许可证" "M14 咖啡厅: on_demand joined with ；"
expect outputs.licence_count 3 "M14 咖啡厅: licence_count 3"
expect outputs.departments "区市场监管局、相关单位、市水务局；区水务局" "M14 咖啡厅: departments joined with 、 in line order"
expect outputs.unlisted "" "M14 咖啡厅: unlisted is the empty string"
like "$OUT" '"unlisted":""' "M14 咖啡厅: written as \"\" in the JSON"
# 宾馆 (11) is not in the first batch: ineligible until 2023-11-01
ev $M14 '{"industry_code": "11", "selected": []}' 2023-06-01
expect status ineligible "M14 宾馆 on 2023-06-01: ineligible (not yet rolled out)"
expect amount null "M14 宾馆 on 2023-06-01: amount null"
expect outputs.mandatory null "M14 宾馆 on 2023-06-01: outputs null"
like "$OUT" '"rule":"rolled-out","clause":"一（三）","result":false' "M14 宾馆 on 2023-06-01: the rollout rule failed"
# lines 626–628: 特种行业 (公安朝阳分局), 卫生 (区卫生健康委), 消防 (朝阳消防救援支队)
ev $M14 '{"industry_code": "11", "selected": []}' 2023-11-01
expect status eligible "M14 宾馆 on 2023-11-01: eligible"
expect amount null "M14 宾馆 on 2023-11-01: amount null"
expect outputs.mandatory "特种行业许可证；卫生许可证；公众聚集场所投入使用、营业前消防安全检查意见书" "M14 宾馆: mandatory"
expect outputs.on_demand "" "M14 宾馆: on_demand empty"
expect outputs.licence_count 3 "M14 宾馆: licence_count 3"
expect outputs.departments "公安朝阳分局、区卫生健康委、朝阳消防救援支队" "M14 宾馆: departments"
expect outputs.unlisted "" "M14 宾馆: unlisted empty"
ev $M14 '{"industry_code": "11"}' 2023-11-01
expect outputs.licence_count 3 "M14 宾馆 without a selected list: the same"
ev $M14 '{"industry_code": "11"}' 2023-06-01 --interpret rollout=from-issue
expect status eligible "M14 --interpret rollout=from-issue: 宾馆 eligible on 2023-06-01"
expect interpretations.rollout from-issue "M14: the reading recorded"
ev $M14 '{"industry_code": "04"}' 2023-06-01
expect status undetermined "M14 健身房 with the pool unknown: undetermined"
like "$OUT" '"missing":\["has_pool"\]' "M14 健身房: has_pool missing"

M15=chaoyang.working-rules-lead-times
# back from Monday 2023-10-09: 10-08 (Sun, 调休) 1, 10-07 (Sat, 调休) 2, 09-29..10-06 off, 09-28 3
ev $M15 '{"kind": "常务会议议题材料", "event_on": "2023-10-09"}' 2023-09-28
is "$RC" 0 "M15 常务会议: eval exits 0"
expect status eligible "M15 常务会议 submitted 09-28: eligible"
expect amount null "M15: amount null"
expect outputs.submit_by 2023-09-28 "M15: submit_by 2023-09-28"
expect outputs.timeliness 按时 "M15 submitted 09-28: 按时"
ev $M15 '{"kind": "常务会议议题材料", "event_on": "2023-10-09"}' 2023-10-07
expect status eligible "M15 submitted 10-07: still eligible (原则上: reported)"
expect outputs.submit_by 2023-09-28 "M15 submitted 10-07: submit_by 2023-09-28"
expect outputs.timeliness 逾期 "M15 submitted 10-07: 逾期"
# 2024-05-06 − 7 calendar days
ev $M15 '{"kind": "离京请假", "event_on": "2024-05-06"}' 2024-04-29
expect status eligible "M15 离京请假: eligible"
expect outputs.submit_by 2024-04-29 "M15 离京请假 on 2024-05-06: submit_by 2024-04-29"
expect outputs.timeliness 按时 "M15 离京请假 requested 04-29: 按时"
ev $M15 '{"kind": "常务会议议题材料", "event_on": "2023-10-09"}' 2023-09-28 --interpret lead-count=clear-days
expect outputs.submit_by 2023-09-27 "M15 --interpret lead-count=clear-days: 2023-09-27"
ev $M15 '{"kind": "常务会议议题材料", "event_on": "2023-10-09"}' 2023-10-07 --interpret in-principle=binding
expect status ineligible "M15 --interpret in-principle=binding: late is ineligible"
ev $M15 '{"kind": "常务会议议题材料", "event_on": "2027-01-11"}' 2026-12-01
is "$RC" 1 "M15 an event in 2027: exit 1"
like "$ERR" "the working-day calendar has no data for 2027" "  the error names the year"

# gazette run over the sample tables
DB="$TMP/wave2_chaoyang2023.db"
sqlite3 "$DB" < "$(dirname "$0")/../fixtures/wave2_chaoyang2023.sql"
# runs ID TABLE AS_OF ROWS: the run, its CSV in $BODY
runs() {
  run "$GAZETTE" run "$1" --db "$DB" --table "$2" --as-of "$3" --out "$TMP/$2.csv"
  is "$RC" 0 "$1 over $2: exits 0"
  BODY=$(tail -n +2 "$TMP/$2.csv" 2>/dev/null)
  is "$(printf '%s\n' "$BODY" | grep -c .)" "$4" "$1: $4 result rows"
  unlike "$BODY" '^[^,]*,[^,]*,error,' "$1: no error rows"
}
runs $M14 licence_applications 2023-06-01 11
is "$(head -1 "$TMP/licence_applications.csv")" \
  "record_id,measure,status,amount,industry,mandatory,on_demand,licence_count,departments,unlisted,first_batch,available_from,error" \
  "M14: the outputs are columns, in the declared order"
like "$BODY" "^1,$M14,eligible,,咖啡厅,食品经营许可证/北京市小规模食品生产经营许可证,出版物经营许可证；城镇污水排入排水管网许可证,3,区市场监管局、相关单位、市水务局；区水务局,,true,2023-04-07,$" \
  "M14 record 1: the worked case from child rows, amount empty"
like "$BODY" "^2,$M14,ineligible,," "M14 record 2: 宾馆 not yet rolled out"
like "$BODY" "^3,$M14,eligible,,健身房,,食品经营许可证；卫生许可证,2," "M14 record 3: 健身房 with a pool"
like "$BODY" "^4,$M14,undetermined," "M14 record 4: pool unknown"
like "$BODY" "^5,$M14,eligible,,书店,出版物经营许可证,卫生许可证（备案凭证即可）,2," "M14 record 5: in the free trade zone"
like "$BODY" "^8,$M14,ineligible," "M14 record 8: code 41"
like "$BODY" "^9,$M14,undetermined," "M14 record 9: no code"
like "$BODY" "^11,$M14,eligible,,药店,药品经营许可证,,1,区市场监管局," "M14 record 11: code 2 is 02"
runs $M14 licence_applications 2023-11-01 11
like "$BODY" "^2,$M14,eligible,,宾馆,特种行业许可证；卫生许可证；公众聚集场所投入使用、营业前消防安全检查意见书,,3,公安朝阳分局、区卫生健康委、朝阳消防救援支队,,false,2023-11-01,$" \
  "M14 record 2 on 2023-11-01: the worked case"
like "$BODY" "^6,$M14,eligible,,书画艺术馆,艺术品经营单位备案证明；卫生许可证（备案凭证即可）,,2," "M14 record 6: 35 in the zone"
like "$BODY" "^7,$M14,eligible,,医疗器械经销商,第二类医疗器械经营备案凭证/医疗器械经营许可证,辐射安全许可证,2,区市场监管局、区生态环境局," \
  "M14 record 7: the 至少一项 pair"
like "$BODY" "^10,$M14,eligible,,商贸公司,,药品经营许可证,1,区市场监管局,卫生许可证,false," "M14 record 10: unlisted"

runs $M15 lead_time_submissions 2024-10-01 11
is "$(head -1 "$TMP/lead_time_submissions.csv")" "record_id,measure,status,amount,submit_by,timeliness,lead,lead_unit,error" \
  "M15: date, text and count outputs as columns"
like "$BODY" "^1,$M15,eligible,,2023-09-28,按时,3,工作日,$" "M15 record 1: the worked case, submitted 09-28"
like "$BODY" "^2,$M15,eligible,,2023-09-28,逾期,3,工作日,$" "M15 record 2: submitted 10-07"
like "$BODY" "^3,$M15,eligible,,2024-04-29,按时,7,天,$" "M15 record 3: leave, 7 calendar days"
like "$BODY" "^4,$M15,eligible,,2023-05-04,逾期,3,工作日,$" "M15 record 4: 05-06 (Sat) worked"
like "$BODY" "^5,$M15,eligible,,2023-04-27,按时,7,工作日,$" "M15 record 5: 内事, 劳动节 skipped"
like "$BODY" "^6,$M15,eligible,,2023-06-19,逾期,5,工作日,$" "M15 record 6: 外事, 端午 skipped, 06-25 worked"
like "$BODY" "^7,$M15,eligible,,2024-02-08,按时,3,工作日,$" "M15 record 7: Spring Festival 2024"
like "$BODY" "^8,$M15,not_in_force,," "M15 record 8: submitted before the rules"
like "$BODY" "^9,$M15,undetermined,," "M15 record 9: no event date"
like "$BODY" "^11,$M15,eligible,,2024-09-27,逾期,5,工作日,$" "M15 record 11: no submission date, the run's as_of"
done_testing

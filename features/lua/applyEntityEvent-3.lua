--[[
  applyEntityEvent: applies one event to one entity's feature state and returns the entity's
  view as of that event (including it), atomically. The embedded twin is
  features/embeddedEntity.ts: keep the two in step (same arithmetic and order of additions and
  subtractions, same pruning points); the algorithm is described there.

  Why it looks the way it does (each point measured on Redis 7.0):
  - It runs as a Redis Function library (FUNCTION LOAD, see features/luaScripts.ts), not by
    SCRIPT LOAD: the loader appends each entity type's compiled plan (a Lua table) and registers
    one function per entity type. Library code runs once at load, so the plan is built once; as
    an EVALSHA prelude it was rebuilt on every call, 20-45 µs each time.
  - State is binary (struct.pack doubles and integers): number <-> text conversion was the
    costliest single step, about 5x the cost of struct.pack / struct.unpack.
  - Windows slide incrementally (subtract leaving buckets, add entering ones): SMEs see about
    one event per entity per day, so nearly every event moves a window, and refolding 90 daily
    buckets of ~25 series each time dominated.
  - The work per feature is left to Node: this function touches only what the event changes and
    hands back the whole view, which Node maps to features (features/viewLayout.ts).

  Input:
    KEYS[1] state hash          <prefix>:{e:<type>:<id>}:s:<plan version>
    KEYS[2] dedup sorted set    <prefix>:{e:<type>:<id>}:d   (event id -> event time)
    KEYS[3] HyperLogLog prefix  <prefix>:{e:<type>:<id>}:h:<plan version>:  (HLL keys are this +
                                 suffix: same hash tag, so the same Cluster slot as KEYS[1])
    ARGV[1] event time, epoch ms
    ARGV[2] event id
    ARGV[3..] pairs: series index (1-based), value
  Output (binary string):
    1 byte status (a applied | d duplicate | l late); uint16 LE n; n overrides of 10 bytes
    (uint16 LE view position, float64 LE value, NaN = empty) for positions whose value as of this
    event differs from the view — windows of an out-of-order event (anchored at its own, older
    bucket) and last-value times before the event; then the view after the event.

  State hash fields:
    v             the view: float64 LE per position (viewLayout.ts), NaN = empty — 1 watermark,
                  2 first event time, running window aggregates (anchored at the watermark's
                  bucket) with their non-empty bucket counts, all-time aggregates, last values
                  and times, cures, cached distinct counts
    i<g>          the non-empty buckets at granularity g: ascending uint32 LE bucket numbers
    b<g>_<n>      bucket n of granularity g: (uint16 LE series, float64 LE value) per series with
                  data there (distinct series: value 1, their values are in HLL keys)
  HLL keys (suffix after KEYS[3]): <s>_<g>_<n> a bucket, u<s>_<w> the union of a distinct
  window's buckets, <s>_a all time.
]]

local CHUNK = 4000 -- unpack() is bounded by the Lua C stack: long argument lists go in chunks
-- Expired dedup ids are dropped when the watermark enters a new day, and key TTLs refreshed
-- when it enters a new week, instead of on every call (the default TTL has 8 days to spare).
local PRUNE_MS = 86400000
local TTL_REFRESH_MS = 604800000
local PAIR = 10 -- bytes of one bucket entry: uint16 series, float64 value

local function fmt(x)
  if x == nil then return '' end
  return string.format('%.17g', x)
end

local function comb(op, acc, v)
  if acc == nil then return v end
  if op == 'min' then
    if v < acc then return v end
    return acc
  end
  if op == 'max' then
    if v > acc then return v end
    return acc
  end
  return acc + v
end

local function callList(cmd, key, list)
  if #list <= CHUNK then return redis.call(cmd, key, unpack(list)) end
  local out = {}
  for i = 1, #list, CHUNK do
    local part = redis.call(cmd, key, unpack(list, i, math.min(i + CHUNK - 1, #list)))
    if type(part) == 'table' then
      for j = 1, #part do out[#out + 1] = part[j] end
    end
  end
  return out
end

-- Bucket indexes: ascending uint32 LE bucket numbers; ranges by binary search.
local function idxAt(s, i)
  return (struct.unpack('<I4', s, (i - 1) * 4 + 1))
end

-- Number of entries <= x.
local function idxCount(s, x)
  local lo, hi = 0, #s / 4
  while lo < hi do
    local mid = math.floor((lo + hi + 1) / 2)
    if idxAt(s, mid) <= x then lo = mid else hi = mid - 1 end
  end
  return lo
end

-- Entries in (a, b], ascending.
local function idxRange(s, a, b)
  local out = {}
  if s == '' or b <= a then return out end
  for i = idxCount(s, a) + 1, idxCount(s, b) do out[#out + 1] = idxAt(s, i) end
  return out
end

-- The index with b added (unchanged if present).
local function idxInsert(s, b)
  local n = idxCount(s, b)
  if n > 0 and idxAt(s, n) == b then return s end
  return string.sub(s, 1, n * 4) .. struct.pack('<I4', b) .. string.sub(s, n * 4 + 1)
end

-- A bucket as { m = series -> number }; with `keep`, also raw = series -> its 10 stored bytes
-- (cleared when a value changes), so unchanged entries are written back as they were.
local function parseBucket(s, keep)
  local m, raw = {}, {}
  if s then
    for i = 1, #s, PAIR do
      local k, v = struct.unpack('<Hd', s, i)
      m[k] = v
      if keep then raw[k] = string.sub(s, i, i + PAIR - 1) end
    end
  end
  return { m = m, raw = raw, s = s }
end

local function packBucket(bucket)
  local out, n = {}, 0
  if next(bucket.raw) == nil and bucket.s then
    -- Loaded without raw entries: recover them from the stored bytes first.
    bucket.raw = parseBucket(bucket.s, true).raw
    for k, _ in pairs(bucket.dirty or {}) do bucket.raw[k] = nil end
  end
  local raw = bucket.raw
  for k, v in pairs(bucket.m) do
    n = n + 1
    out[n] = raw[k] or struct.pack('<Hd', k, v)
  end
  return table.concat(out)
end

-- The view: float64 LE per position, NaN for empty, decoded into the array VA in one
-- struct.unpack and encoded back in one struct.pack (P.vf is "<ddd...").
local function getv(VA, p)
  local x = VA[p]
  if x ~= x then return nil end
  return x
end

-- Reads the buckets `bs` of granularity gi into cache BK (bucket number -> parsed bucket).
local function loadBuckets(SK, P, gi, bs, BK)
  local names, want = {}, {}
  for _, b in ipairs(bs) do
    if BK[b] == nil then
      names[#names + 1] = P.g[gi].bf .. b
      want[#want + 1] = b
    end
  end
  if #names == 0 then return end
  local rv = callList('HMGET', SK, names)
  for i = 1, #want do BK[want[i]] = parseBucket(rv[i] or nil) end
end

local function applyEntityEvent(P, KEYS, ARGV)
  local floor = math.floor
  local NAN = struct.pack('<d', 0 / 0)
  local t = tonumber(ARGV[1])
  local eid = ARGV[2]
  local SK, DK, HP = KEYS[1], KEYS[2], KEYS[3]
  local ng = P.ng

  -- Updates of this event.
  local nu, us, uv = 0, {}, {}
  for i = 3, #ARGV, 2 do
    nu = nu + 1
    us[nu] = tonumber(ARGV[i])
    uv[nu] = ARGV[i + 1]
  end

  -- 1. One HMGET: the view, the bucket indexes, the event's bucket at each granularity it feeds.
  local fields = { 'v' }
  for gi = 1, ng do fields[gi + 1] = P.g[gi].f end
  local evB, evS, evPos = {}, {}, {}
  local nf = ng + 1
  for u = 1, nu do
    local sg = P.s[us[u]].g
    for k = 1, #sg do
      local gi = sg[k]
      if evB[gi] == nil then
        evB[gi] = floor(t / P.g[gi].ms)
        evS[gi] = tostring(evB[gi])
        nf = nf + 1
        fields[nf] = P.g[gi].bf .. evS[gi]
        evPos[gi] = nf
      end
    end
  end
  local vals = redis.call('HMGET', SK, unpack(fields))
  local V = vals[1]
  if not V or #V ~= P.nv * 8 then V = string.rep(NAN, P.nv) end
  local VA = { struct.unpack(P.vf, V) }
  local NANV = 0 / 0
  local changed = false
  local function setv(p, x)
    if x == nil then VA[p] = NANV else VA[p] = x end
    changed = true
  end
  local IS, IC = {}, {}
  for gi = 1, ng do IS[gi] = vals[gi + 1] or '' end
  -- Bucket caches per granularity (number -> parsed bucket), and buckets changed in this call.
  local BK, BC = {}, {}
  for gi = 1, ng do
    BK[gi] = {}
    BC[gi] = {}
  end

  -- 2. Status.
  local wm = getv(VA, 1)
  local status
  if wm ~= nil and t < wm - P.late then
    status = 'l'
  else
    -- A remembered id with no state left (the state expired first) is applied afresh.
    local added = redis.call('ZADD', DK, 'NX', ARGV[1], eid)
    if added == 0 and wm ~= nil then status = 'd' else status = 'a' end
  end

  local dirty, stale = {}, {}
  local housekeeping = false
  local curWm = wm
  local dropF = {}
  local over, no = {}, 0

  if status == 'a' then
    local newWm = t
    if wm ~= nil and wm > t then newWm = wm end
    -- 3. The watermark enters new buckets: slide every window, prune beyond keep.
    for gi = 1, ng do
      local g = P.g[gi]
      local b1 = floor(newWm / g.ms)
      local b0 = wm and floor(wm / g.ms)
      if b0 ~= nil and b1 > b0 and IS[gi] ~= '' then
        local ix = IS[gi]
        local bk = BK[gi]
        -- Buckets leaving and entering each window shape: leaving (lo0, min(hi0, lo1)],
        -- entering (max(hi0, lo1), hi1] (only windows with a lag gain buckets: none is newer
        -- than the watermark). A short move (the usual one bucket) checks its few bucket
        -- numbers directly, a long one searches the index.
        local shapes = g.shapes
        local nsh = #shapes
        local L1, L2, E1, E2 = {}, {}, {}, {}
        local need, seen = {}, {}
        for h = 1, nsh do
          local shape = shapes[h]
          local lo0, hi0 = b0 - shape.lag - shape.n, b0 - shape.lag
          local lo1, hi1 = b1 - shape.lag - shape.n, b1 - shape.lag
          L1[h], L2[h] = lo0, math.min(hi0, lo1)
          if shape.lag > 0 then E1[h], E2[h] = math.max(hi0, lo1), hi1 else E1[h], E2[h] = 0, 0 end
          for pass = 1, 2 do
            local a, z = L1[h], L2[h]
            if pass == 2 then a, z = E1[h], E2[h] end
            if z > a then
              if z - a <= 8 then
                for x = a + 1, z do
                  if not seen[x] then seen[x] = true; need[#need + 1] = x end
                end
              else
                for _, x in ipairs(idxRange(ix, a, z)) do
                  if not seen[x] then seen[x] = true; need[#need + 1] = x end
                end
              end
            end
          end
        end
        loadBuckets(SK, P, gi, need, bk)
        -- Only series present in a moving bucket change; buckets in ascending order, so each
        -- window subtracts what leaves before adding what enters (as embeddedEntity.ts does).
        table.sort(need)
        local sums, refold = {}, {}
        for _, b in ipairs(need) do
          for s, v in pairs(bk[b].m) do
            local specs = g.bys[s]
            if specs then
              for _, sw in ipairs(specs) do
                local h = sw.h
                local leaving = b > L1[h] and b <= L2[h]
                local entering = b > E1[h] and b <= E2[h]
                if leaving or entering then
                  if sw.op == 'distinct' then
                    if leaving then stale[sw.dp] = true end
                  elseif sw.op == 'sum' then
                    local total = getv(VA, sw.tp)
                    local count = getv(VA, sw.tc) or 0
                    if leaving then
                      total = total - v
                      count = count - 1
                    elseif total == nil then
                      total = v
                      count = count + 1
                    else
                      total = total + v
                      count = count + 1
                    end
                    setv(sw.tp, total)
                    setv(sw.tc, count)
                    sums[sw] = true
                  elseif leaving then
                    refold[sw] = true
                  elseif not refold[sw] then
                    setv(sw.tp, comb(sw.op, getv(VA, sw.tp), v))
                  end
                end
              end
            end
          end
        end
        for sw, _ in pairs(sums) do
          if (getv(VA, sw.tc) or 0) <= 0 then
            setv(sw.tp, nil)
            setv(sw.tc, nil)
          end
        end
        -- min / max cannot subtract: refold the window when a bucket of its series left.
        for sw, _ in pairs(refold) do
          local total = nil
          local inside = idxRange(ix, b1 - sw.lag - sw.n, b1 - sw.lag)
          loadBuckets(SK, P, gi, inside, bk)
          for _, b in ipairs(inside) do
            local v = bk[b].m[sw.s]
            if v ~= nil then total = comb(sw.op, total, v) end
          end
          setv(sw.tp, total)
        end
        -- Prune buckets beyond keep (they have left every window).
        local oldest = b1 - g.keep
        if idxAt(ix, 1) <= oldest then
          local gone = idxRange(ix, -1, oldest)
          local dropK = {}
          for _, b in ipairs(gone) do
            dropF[#dropF + 1] = g.bf .. b
            for _, s in ipairs(g.hlls) do dropK[#dropK + 1] = HP .. P.s[s].hp[gi] .. b end
            bk[b] = nil
          end
          for i = 1, #dropK, CHUNK do redis.call('DEL', unpack(dropK, i, math.min(i + CHUNK - 1, #dropK))) end
          IS[gi] = string.sub(ix, #gone * 4 + 1)
          IC[gi] = true
        end
      end
    end
    if wm ~= nil and floor(newWm / PRUNE_MS) > floor(wm / PRUNE_MS) then
      redis.call('ZREMRANGEBYSCORE', DK, '-inf', '(' .. fmt(newWm - P.horizon))
    end
    housekeeping = wm == nil or floor(newWm / TTL_REFRESH_MS) > floor(wm / TTL_REFRESH_MS)
    setv(1, newWm)
    local f0 = getv(VA, 2)
    if f0 == nil or t < f0 then setv(2, t) end
    curWm = newWm

    -- 4. Add this event's values.
    local function eventBucket(gi)
      local bk = BK[gi]
      local b = evB[gi]
      if bk[b] == nil then bk[b] = parseBucket(vals[evPos[gi]] or nil, true) end
      if bk[b].dirty == nil then bk[b].dirty = {} end
      if not BC[gi][b] then
        BC[gi][b] = true
        local ix = idxInsert(IS[gi], b)
        if ix ~= IS[gi] then
          IS[gi] = ix
          IC[gi] = true
        end
      end
      return bk[b]
    end
    for u = 1, nu do
      local s, rawv = us[u], uv[u]
      local sp = P.s[s]
      local op = sp.op
      if sp.agg then
        local v = tonumber(rawv)
        local fresh = {}
        for _, gi in ipairs(sp.g) do
          local bucket = eventBucket(gi)
          local cur = bucket.m[s]
          if cur == nil then fresh[gi] = true end
          bucket.m[s] = comb(op, cur, v)
          bucket.raw[s] = nil
          bucket.dirty[s] = true
        end
        for k, w in ipairs(sp.w) do
          local Wn = P.w[w]
          local ms = P.g[Wn.g].ms
          local top = floor(newWm / ms) - Wn.lag
          local b = floor(t / ms)
          if b > top - Wn.n and b <= top then
            setv(sp.tp[k], comb(op, getv(VA, sp.tp[k]), v))
            if op == 'sum' and fresh[Wn.g] then setv(sp.tc[k], (getv(VA, sp.tc[k]) or 0) + 1) end
          end
        end
        if sp.ap > 0 then setv(sp.ap, comb(op, getv(VA, sp.ap), v)) end
      elseif op == 'last' or op == 'cures' then
        local lt = getv(VA, sp.mp)
        no = no + 1
        over[no] = struct.pack('<Hd', sp.mp, VA[sp.mp])
        if lt == nil or t >= lt then
          local v = tonumber(rawv)
          if op == 'cures' then
            local prev = getv(VA, sp.lp)
            if prev ~= nil and prev > 0 and v == 0 then setv(sp.cp, (getv(VA, sp.cp) or 0) + 1) end
          end
          setv(sp.lp, v)
          setv(sp.mp, t)
        end
      elseif op == 'distinct' then
        -- A value already in its bucket is already in every window union covering the bucket.
        local added = {}
        for _, gi in ipairs(sp.g) do
          local b = evB[gi]
          local key = HP .. sp.hp[gi] .. evS[gi]
          local bucket = eventBucket(gi)
          if redis.call('PFADD', key, rawv) == 1 then
            added[gi] = true
            if bucket.m[s] == nil then redis.call('PEXPIRE', key, P.ttl) end
          end
          if bucket.m[s] == nil then
            bucket.m[s] = 1
            bucket.raw[s] = nil
            bucket.dirty[s] = true
          end
        end
        for k, w in ipairs(sp.w) do
          local Wn = P.w[w]
          local top = floor(newWm / P.g[Wn.g].ms)
          local b = evB[Wn.g]
          if added[Wn.g] and b > top - Wn.n and b <= top and not stale[sp.dp[k]] then
            if redis.call('PFADD', HP .. sp.up[k], rawv) == 1 then dirty[sp.dp[k]] = true end
          end
        end
        if sp.all then
          local key = HP .. sp.ha
          if redis.call('PFADD', key, rawv) == 1 or getv(VA, sp.Dp) == nil then
            setv(sp.Dp, redis.call('PFCOUNT', key))
          end
          redis.call('PEXPIRE', key, P.ttl)
        end
      end
    end
  end

  -- 5. Cached distinct counts (anchored at the watermark): recount when the window's union HLL
  --    changed; rebuild the union when a bucket holding the series left it (or none was kept).
  for _, d in ipairs(P.dl) do
    if stale[d.p] or getv(VA, d.p) == nil then
      local g = P.g[d.g]
      local top = floor(curWm / g.ms)
      local ks = {}
      for _, b in ipairs(idxRange(IS[d.g], top - d.n, top)) do ks[#ks + 1] = HP .. P.s[d.s].hp[d.g] .. b end
      local u = HP .. d.u
      redis.call('DEL', u)
      if #ks > 0 then
        redis.call('PFMERGE', u, unpack(ks))
        redis.call('PEXPIRE', u, P.ttl)
      end
      setv(d.p, redis.call('PFCOUNT', u))
    elseif dirty[d.p] then
      setv(d.p, redis.call('PFCOUNT', HP .. d.u))
    end
  end

  -- 6. An event behind its entity's current bucket reads its windows anchored at its own time.
  local anchor = t
  if status == 'l' then anchor = wm end
  for gi = 1, ng do
    local g = P.g[gi]
    local bA = floor(anchor / g.ms)
    if bA ~= floor(curWm / g.ms) and #g.sw > 0 then
      for _, sw in ipairs(g.sw) do
        local inside = idxRange(IS[gi], bA - sw.lag - sw.n, bA - sw.lag)
        local v
        if sw.op == 'distinct' then
          local ks = {}
          for i, b in ipairs(inside) do ks[i] = HP .. P.s[sw.s].hp[gi] .. b end
          if #ks == 0 then v = 0 else v = redis.call('PFCOUNT', unpack(ks)) end
          no = no + 1
          over[no] = struct.pack('<Hd', sw.dp, v)
        else
          loadBuckets(SK, P, gi, inside, BK[gi])
          for _, b in ipairs(inside) do
            local x = BK[gi][b].m[sw.s]
            if x ~= nil then v = comb(sw.op, v, x) end
          end
          no = no + 1
          if v == nil then
            over[no] = struct.pack('<H', sw.tp) .. NAN
          else
            over[no] = struct.pack('<Hd', sw.tp, v)
          end
        end
      end
    end
  end

  -- 7. Write back: the view if it changed, changed buckets and indexes, pruned buckets.
  local view = V
  local hs = {}
  if changed then
    view = struct.pack(P.vf, unpack(VA, 1, P.nv))
    hs[1] = 'v'
    hs[2] = view
  end
  for gi = 1, ng do
    for b, _ in pairs(BC[gi]) do
      hs[#hs + 1] = fields[evPos[gi]]
      hs[#hs + 1] = packBucket(BK[gi][b])
    end
    if IC[gi] then
      if IS[gi] == '' then
        dropF[#dropF + 1] = P.g[gi].f
      else
        hs[#hs + 1] = P.g[gi].f
        hs[#hs + 1] = IS[gi]
      end
    end
  end
  if #hs > 0 then callList('HSET', SK, hs) end
  if #dropF > 0 then callList('HDEL', SK, dropF) end
  if housekeeping then
    redis.call('PEXPIRE', SK, P.ttl)
    redis.call('PEXPIRE', DK, P.ttl)
  end
  return status .. struct.pack('<H', no) .. table.concat(over) .. view
end

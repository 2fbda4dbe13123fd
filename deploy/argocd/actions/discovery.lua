-- Argo CD resource actions for ovdfailover.io/OvdFailoverCluster: which ones the UI offers, and which of them make
-- sense now. Install: argocd-cm key resource.customizations.actions.ovdfailover.io_OvdFailoverCluster
-- (docs/install.md). Same sandbox as health.lua: Lua 5.1, base and table libraries, os.time/os.date only.
-- "disabled" only greys an action out in the UI: the CLI runs it anyway, so each action.lua is safe on its own.
local spec = obj.spec
if type(spec) ~= "table" then
  spec = {}
end
local status = obj.status
if type(status) ~= "table" then
  status = {}
end

local paused = spec.paused == true
local downtimeAllowed = type(spec.maintenance) == "table" and spec.maintenance.allowDowntime == true

local function conditionTrue(conditionType)
  if type(status.conditions) ~= "table" then
    return false
  end
  for _, condition in ipairs(status.conditions) do
    if type(condition) == "table" and condition.type == conditionType then
      return condition.status == "True"
    end
  end
  return false
end

-- A test is running, or a request (annotation or spec.failoverTest.requestId) has not been taken up yet: the
-- operator runs one test at a time and refuses the others, and a refused request is spent.
local function testUnderWay()
  if type(status.lastFailoverTest) == "table" and status.lastFailoverTest.result == "Running" then
    return true
  end
  local seen = status.failoverTestRequests
  if type(seen) ~= "table" then
    seen = {}
  end
  local annotations = type(obj.metadata) == "table" and obj.metadata.annotations
  local annotated = type(annotations) == "table" and annotations["ovdfailover.io/failover-test"]
  if type(annotated) == "string" and annotated ~= "" and annotated ~= seen.annotationRequestId then
    return true
  end
  local requestId = type(spec.failoverTest) == "table" and spec.failoverTest.requestId
  return type(requestId) == "string" and requestId ~= "" and requestId ~= seen.specRequestId
end

-- The operator refuses a test on a paused, dry-run or not Ready cluster (docs/failover.md): no point asking.
local testable = not paused and spec.dryRun ~= true and conditionTrue("Ready") and not testUnderWay()

local actions = {}
actions["request-failover-test"] = {
  ["displayName"] = "Request a failover test",
  ["iconClass"] = "fa fa-fw fa-right-left",
  ["disabled"] = not testable,
}
actions["allow-downtime"] = {
  ["displayName"] = "Allow downtime (maintenance.allowDowntime)",
  ["iconClass"] = "fa fa-fw fa-unlock",
  ["disabled"] = downtimeAllowed,
}
actions["forbid-downtime"] = {
  ["displayName"] = "Forbid downtime again",
  ["iconClass"] = "fa fa-fw fa-lock",
  ["disabled"] = not downtimeAllowed,
}
actions["pause"] = {
  ["displayName"] = "Pause (observe only)",
  ["iconClass"] = "fa fa-fw fa-pause",
  ["disabled"] = paused,
}
actions["resume"] = {
  ["displayName"] = "Resume",
  ["iconClass"] = "fa fa-fw fa-play",
  ["disabled"] = not paused,
}
return actions

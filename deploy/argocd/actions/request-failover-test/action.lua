-- Asks the operator for one failover test (chapter VII of the guide) with the ovdfailover.io/failover-test
-- annotation, as `kubectl annotate` would (docs/failover.md). An annotation, not spec.failoverTest.requestId:
-- Git does not hold it, so the Application does not drift from Git, and each new value runs at most once.
-- The id says where the request came from and when (UTC), like the operator's schedule-<time> ids.
local status = obj.status
if type(status) ~= "table" then
  status = {}
end
if type(status.lastFailoverTest) == "table" and status.lastFailoverTest.result == "Running" then
  error("a failover test is running (request " .. tostring(status.lastFailoverTest.requestId)
    .. "): the operator would refuse another one; wait for its result", 0)
end
if type(obj.metadata.annotations) ~= "table" then
  obj.metadata.annotations = {}
end
local waiting = obj.metadata.annotations["ovdfailover.io/failover-test"]
local seen = status.failoverTestRequests
if type(waiting) == "string" and waiting ~= ""
    and (type(seen) ~= "table" or waiting ~= seen.annotationRequestId) then
  error("the request " .. waiting .. " has not been taken up by the operator yet", 0)
end
obj.metadata.annotations["ovdfailover.io/failover-test"] = "argocd-" .. os.date("!%Y%m%dT%H%M%SZ")
return obj

-- Argo CD health check for ovdfailover.io/OvdFailoverCluster (Lua 5.1, as Argo CD runs it in gopher-lua).
-- Install: argocd-cm key resource.customizations.health.ovdfailover.io_OvdFailoverCluster (docs/install.md).
-- Argo CD gives the script the base and table libraries and os.time/os.date only: no string or math library,
-- so no string.format and no string methods here (.. turns numbers into text).
-- The operator reports the failover setup in status.phase: Pending, Converging, WaitingForMaintenance, Ready,
-- Degraded, Failed or DryRun; status.observedGeneration says which spec that phase belongs to.
local hs = {}

local function nonEmpty(s)
  return type(s) == "string" and s ~= ""
end

-- status.message, else the message of the Ready condition, else the fallback.
local function messageOf(status, fallback)
  if nonEmpty(status.message) then
    return status.message
  end
  if type(status.conditions) == "table" then
    for _, condition in ipairs(status.conditions) do
      if type(condition) == "table" and condition.type == "Ready" and nonEmpty(condition.message) then
        return condition.message
      end
    end
  end
  return fallback
end

local status = obj.status
if type(status) ~= "table" or not nonEmpty(status.phase) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report status"
  return hs
end

-- A phase computed for an older spec says nothing about the current one.
local generation = nil
if type(obj.metadata) == "table" then
  generation = obj.metadata.generation
end
if type(generation) == "number" and status.observedGeneration ~= generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end

local phase = status.phase
if phase == "Ready" then
  hs.status = "Healthy"
  hs.message = messageOf(status, "Ready")
elseif phase == "Pending" or phase == "Converging" then
  hs.status = "Progressing"
  hs.message = phase .. ": " .. messageOf(status, "in progress")
elseif phase == "WaitingForMaintenance" then
  -- The operator will not go on by itself (kstatus Stalled): Progressing would promise an end that only the user
  -- can bring. Degraded, as CloudNativePG's check maps its "waiting for user action", with the user's step first.
  hs.status = "Degraded"
  hs.message = "WaitingForMaintenance: the next step interrupts the service and waits for "
    .. "spec.maintenance.allowDowntime: true (Argo CD action allow-downtime); "
    .. messageOf(status, "see status.pendingActions")
elseif phase == "DryRun" then
  hs.status = "Suspended"
  hs.message = "Dry run (spec.dryRun): nothing is changed on the hosts; the plan is in status.pendingActions"
elseif phase == "Degraded" or phase == "Failed" then
  hs.status = "Degraded"
  hs.message = phase .. ": " .. messageOf(status, "see the resource's conditions and events")
else
  hs.status = "Unknown"
  hs.message = "Unknown phase " .. phase
  return hs
end

-- spec.paused stops the operator's changes to the hosts, not its observation of them: the phase above is still
-- the hosts' real state. A problem stays Degraded, so that pausing never hides it; anything else is Suspended,
-- because nothing moves towards the spec until the cluster is resumed.
if type(obj.spec) == "table" and obj.spec.paused == true then
  if hs.status ~= "Degraded" then
    hs.status = "Suspended"
  end
  hs.message = "Paused (spec.paused: the hosts are observed, not changed). " .. hs.message
end
return hs

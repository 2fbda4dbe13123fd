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

if obj.spec ~= nil and obj.spec.paused == true then
  hs.status = "Suspended"
  hs.message = "Reconciliation paused (spec.paused): the operator neither observes nor changes the hosts"
  return hs
end

local status = obj.status
if type(status) ~= "table" or not nonEmpty(status.phase) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report status"
  return hs
end

-- A phase computed for an older spec says nothing about the current one.
local generation = nil
if obj.metadata ~= nil then
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
elseif phase == "Pending" or phase == "Converging" or phase == "WaitingForMaintenance" then
  hs.status = "Progressing"
  hs.message = phase .. ": " .. messageOf(status, "in progress")
elseif phase == "DryRun" then
  hs.status = "Suspended"
  hs.message = "Dry run (spec.dryRun): nothing is changed on the hosts; the plan is in status.pendingActions"
elseif phase == "Degraded" or phase == "Failed" then
  hs.status = "Degraded"
  hs.message = phase .. ": " .. messageOf(status, "see the resource's conditions and events")
else
  hs.status = "Unknown"
  hs.message = "Unknown phase " .. phase
end
return hs

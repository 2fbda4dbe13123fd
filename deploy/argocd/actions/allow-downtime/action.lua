-- Lets the steps the guide runs in Maintenance Mode run now (spec.maintenance.allowDowntime): the operator's
-- WaitingForMaintenance ends at its next pass. Use forbid-downtime afterwards, or every later change that
-- interrupts the service runs without asking.
if type(obj.spec.maintenance) ~= "table" then
  obj.spec.maintenance = {}
end
obj.spec.maintenance.allowDowntime = true
return obj

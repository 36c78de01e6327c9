namespace FollowUp.Engine.Dashboard;

/// <summary>A part of the dashboard (overview, sequences, contacts…) that adds its pages and forms to the route table.</summary>
public interface IDashboardArea
{
    /// <summary>Adds this area's routes.</summary>
    void Map(DashboardRouteTable routes);
}
